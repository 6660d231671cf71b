export { WedgeDetector, type WedgeDetectorOptions, type WedgeRead } from './wedge-detector';
export { isTerminatorCode, wedgeCharOf } from './key-codes';
