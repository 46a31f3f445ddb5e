/**
 * What the platform's scheduler does at each run (every 15 minutes on AWS: infra/announcements.ts;
 * every minute on the local runtime's timer): announce the results due, and start the reminder
 * jobs due, and (issue 14 §2) the retention notices and erasures due. One failing does not stop the
 * others; the run fails (and EventBridge retries it) only after all were tried.
 */
import { deliverDueAnnouncements } from './results.ts';
import { startDueReminders } from './reminders.ts';
import type { Ports } from './ports.ts';
import { runRetention } from './personal-data.ts';

export async function runScheduledWork(ports: Ports & { webOrigin: string }) {
  const [announcements, reminders, retention] = await Promise.allSettled([deliverDueAnnouncements(ports), startDueReminders(ports), runRetention(ports)]);
  if (announcements.status === 'rejected') throw announcements.reason;
  if (reminders.status === 'rejected') throw reminders.reason;
  if (retention.status === 'rejected') throw retention.reason;
  return { announced: announcements.value, reminders: reminders.value.started, remindersFailed: reminders.value.failed, retention: retention.value };
}
