import fp from 'fastify-plugin';
import { workCalendar } from '../../db/queries/calendar.ts';
import type { WorkCalendar } from '../domain/working-days.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The working-day calendar in force (package + the holiday table), cached until the table changes. */
    workCalendar: () => WorkCalendar;
    /** Call after the holiday table changed. */
    invalidateWorkCalendar: () => void;
  }
}

export const calendarPlugin = fp(
  async (app) => {
    let cached: WorkCalendar | null = null;
    app.decorate('workCalendar', () => (cached ??= workCalendar(app.db)));
    app.decorate('invalidateWorkCalendar', () => {
      cached = null;
    });
  },
  { name: 'calendar', dependencies: ['database'] },
);
