import { describe, expect, it } from 'vitest';
import { PowerSaveService, type PowerSaveBlockerLike } from './power';

/** Behaves like Electron's powerSaveBlocker: ids count up, stop ends one blocker. */
class FakeBlocker implements PowerSaveBlockerLike {
  private nextId = 0;
  readonly active = new Map<number, string>();

  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    const id = this.nextId++;
    this.active.set(id, type);
    return id;
  }

  stop(id: number): boolean {
    return this.active.delete(id);
  }

  isStarted(id: number): boolean {
    return this.active.has(id);
  }
}

describe('PowerSaveService', () => {
  it('prevents display sleep once, however often enabled', () => {
    const blocker = new FakeBlocker();
    const service = new PowerSaveService(blocker);
    expect(service.isEnabled()).toBe(false);
    service.enable();
    service.enable();
    expect([...blocker.active.values()]).toEqual(['prevent-display-sleep']);
    expect(service.isEnabled()).toBe(true);
  });

  it('stops its blocker on disable, idempotently', () => {
    const blocker = new FakeBlocker();
    const service = new PowerSaveService(blocker);
    service.enable();
    service.disable();
    service.disable();
    expect(blocker.active.size).toBe(0);
    expect(service.isEnabled()).toBe(false);
  });

  it('starts a new blocker when the old one was dropped', () => {
    const blocker = new FakeBlocker();
    const service = new PowerSaveService(blocker);
    service.enable();
    blocker.active.clear();
    expect(service.isEnabled()).toBe(false);
    service.enable();
    expect(service.isEnabled()).toBe(true);
    expect(blocker.active.size).toBe(1);
  });
});
