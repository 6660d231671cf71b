import type { KioskConfig } from '#shared/config/kiosk-config';
import type { Lang, Space } from '#shared/domain/types';
import type { BadgeLabelData } from '#shared/print/badge-label';
import type { RosterPerson } from '#shared/print/evacuation-roster';
import type { PrintFonts } from '#shared/print/print-document';
import { whoIsIn } from '../../state/who-is-in';
import type { KioskDb } from '../db/kiosk-db';
import type { Registration } from '../visitors/visitor-desk';
import { badgeLabelText, rosterText, type Translate } from './print-text';

const HOUR_MS = 3_600_000;

/** Where the kiosk stands when something is printed: its config, its space and its language. */
export interface PrintPlace {
  config: KioskConfig;
  space: Space | null;
  lang: Lang;
}

export interface PrintoutsDeps {
  db: KioskDb;
  fonts: () => Promise<PrintFonts>;
  clock: () => number;
  translate: Translate;
  /** The kiosk's current place; null before the config is known (nothing can be printed). */
  place: () => PrintPlace | null;
}

/**
 * The kiosk's two printouts, built in the renderer from the local Dexie store (so they work
 * offline) in the kiosk's current language: a visitor's badge label after registration, and the
 * evacuation roster of everyone in now (the host screen's "who is in", with the member each
 * visitor meets). Times are printed in the space's time zone. Both reject when the kiosk has no
 * config yet, the fonts cannot be loaded, or the database fails.
 */
export class Printouts {
  readonly #deps: PrintoutsDeps;

  constructor(deps: PrintoutsDeps) {
    this.#deps = deps;
  }

  /** The badge label PDF of a registration. */
  async badge(registration: Registration): Promise<Uint8Array> {
    const place = this.#place();
    const data = await this.badgeData(registration, place);
    // Loaded on first use: pdf-lib and fontkit are most of the bundle and not on the badge path.
    const { buildBadgeLabel } = await import('#shared/print/badge-label');
    return buildBadgeLabel(
      data,
      badgeLabelText(this.#deps.translate, place.lang),
      await this.#deps.fonts(),
    );
  }

  /** What the label of a registration shows (the member met is looked up locally). */
  async badgeData(registration: Registration, place = this.#place()): Promise<BadgeLabelData> {
    const { visitor, visit } = registration;
    const { db } = this.#deps;
    const details = await db.visitDetails.get(visit.id);
    const host =
      details?.purpose.kind === 'meeting'
        ? await db.members.get(details.purpose.memberId)
        : undefined;
    return {
      visitId: visit.id,
      visitorName: `${visitor.firstName} ${visitor.lastName}`,
      ...(visitor.company === undefined ? {} : { company: visitor.company }),
      ...(host === undefined ? {} : { hostName: host.displayName }),
      spaceName: place.space?.name ?? place.config.spaceId,
      at: visit.checkInAt,
      timeZone: place.space?.timezone ?? 'Europe/Brussels',
      lang: place.lang,
    };
  }

  /** The evacuation roster PDF of everyone in now (same window as the host's list). */
  async roster(): Promise<Uint8Array> {
    const place = this.#place();
    const { db, clock } = this.#deps;
    const now = clock();
    const since = now - place.config.badge.staleVisitHours * HOUR_MS;
    const rows = await whoIsIn(db, place.config.spaceId, since);
    const details = await db.visitDetails.bulkGet(rows.map((r) => r.visitId));
    const hostIds = details.flatMap((d) =>
      d?.purpose.kind === 'meeting' ? [d.purpose.memberId] : [],
    );
    const hosts = new Map(
      (await db.members.bulkGet(hostIds)).flatMap((m) =>
        m ? [[m.id, m.displayName] as const] : [],
      ),
    );
    const people: RosterPerson[] = rows.map((row, i) => {
      const purpose = details[i]?.purpose;
      const hostName = purpose?.kind === 'meeting' ? hosts.get(purpose.memberId) : undefined;
      return {
        name: row.name,
        ...(row.isErased ? { isErased: true } : {}),
        kind: row.isVisitor ? 'visitor' : row.guestFrom ? 'guest' : 'member',
        ...(row.guestFrom ? { guestFrom: row.guestFrom.name } : {}),
        since: row.checkInAt,
        ...(hostName === undefined ? {} : { hostName }),
      };
    });
    // Alphabetical: the roll call at the assembly point looks names up, it does not follow times.
    const collator = new Intl.Collator(place.lang);
    people.sort((a, b) => collator.compare(a.name ?? '\uffff', b.name ?? '\uffff'));
    const { buildEvacuationRoster } = await import('#shared/print/evacuation-roster');
    return buildEvacuationRoster(
      {
        spaceName: place.space?.name ?? place.config.spaceId,
        at: now,
        timeZone: place.space?.timezone ?? 'Europe/Brussels',
        lang: place.lang,
        people,
      },
      rosterText(this.#deps.translate, place.lang),
      await this.#deps.fonts(),
    );
  }

  #place(): PrintPlace {
    const place = this.#deps.place();
    if (place === null) throw new Error('the kiosk has no config yet');
    return place;
  }
}
