import { describe, expect, it } from 'vitest';
import { PowerSaveService } from './power';
import { FakePowerSaveBlocker as FakeBlocker } from './wiring/testing/fake-ports';

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
