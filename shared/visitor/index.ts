export * from './walk-in-form';
export * from './masking';
export * from './search';
export * from './retention';
