import { randomUUID } from "node:crypto";
import type { ExpressionBuilder } from "kysely";
import { nextDeliveryStep } from "./delivery.js";
import type { StoreEngine } from "./engine.js";
import { type ClaimedJob, type EnqueueInput, type Job, JobState, type JobSweep, type Lease, readJob } from "./job-records.js";
import { deliveryDeadline, type JobKind, type JobPayload, JobPayloads } from "./job-payloads.js";
import type { Tables } from "./tables.js";

export type { ClaimedJob, EnqueueInput, Job, JobSweep, Lease } from "./job-records.js";
export { JobState } from "./job-records.js";

/**
 * Durable jobs: "an acknowledged request is never lost". A process killed mid-answer leaves a lease that runs out,
 * and the next claim anywhere (another replica, or the same process restarted) takes the job over.
 *
 * The worker protocol that makes one answer visible, once:
 * 1. The adapter enqueues (id = the platform's event id), then acknowledges. A crash before the ack: the platform
 *    retries and the enqueue finds the job. After the ack: the job is in the store.
 * 2. A worker claims it, and extends the lease every lease/3 while it answers.
 * 3. Before the first visible post: `startDelivery` (false: stop, the lease is gone). Once a message exists (a
 *    placeholder, a live partial answer, the answer): `startDelivery(lease, handle)` again to record which.
 * 4. After the answer is visible: `markDelivered`, then `complete`. A crash between the two is settled by `sweep`;
 *    the job is never run again.
 * 5. A takeover reads `step` (delivery.ts): post, edit the recorded message, verify first, or skip. That is
 *    at-least-once posting where a repeat is harmless or checkable, at-most-once where it is neither.
 */
export interface JobQueue {
  /** `created` is false when a job with this id already exists (it is returned as it stands). */
  enqueue<Kind extends JobKind>(input: EnqueueInput<Kind>): Promise<{ job: Job; created: boolean }>;
  /** The oldest runnable job (queued and due, or running with its lease run out), claimed atomically, or undefined. */
  claim(owner: string, options?: { leaseMs?: number; kinds?: JobKind[] }): Promise<ClaimedJob | undefined>;
  /** Pushes the lease out; false when it was lost (taken over, or the job finished): stop and do not deliver. */
  extend(lease: Lease, leaseMs?: number): Promise<boolean>;
  /**
   * Call before posting, and again with the handle once a message exists. False means do not post: the lease has run
   * out (another process may take the job over at any moment) or the job is already delivered.
   */
  startDelivery(lease: Lease, handle?: string): Promise<boolean>;
  /** Records that the answer is visible. Keyed by job alone: a fact, whoever holds the lease now. */
  markDelivered(jobId: string, handle?: string): Promise<boolean>;
  complete(lease: Lease, note?: string): Promise<boolean>;
  /** Back to the queue after `retryInMs`, or failed for good once attempts are used up or `final`; "lost" if the lease was. */
  fail(lease: Lease, error: string, options?: { retryInMs?: number; final?: boolean }): Promise<"queued" | "failed" | "lost">;
  get(id: string): Promise<Job | undefined>;
  /** Settles jobs no worker will finish: delivered-but-not-completed, expired, out of attempts. Idempotent, any process. */
  sweep(): Promise<JobSweep>;
  counts(): Promise<Record<JobState, number>>;
}

export interface JobQueueOptions {
  leaseMs: number;
  maxAttempts: number;
  now: () => number;
}

export function createJobQueue(engine: StoreEngine, options: JobQueueOptions): JobQueue {
  const { db } = engine;
  const allKinds = Object.keys(JobPayloads) as JobKind[];

  return {
    async enqueue(input) {
      const payload = JobPayloads[input.kind].parse(input.payload);
      const now = options.now();
      const id = input.id ?? randomUUID();
      const inserted = await db
        .insertInto("jobs")
        .values({
          id,
          kind: input.kind,
          payload: JSON.stringify(payload),
          state: "queued",
          attempts: 0,
          max_attempts: input.maxAttempts ?? options.maxAttempts,
          run_after: input.runAfter ?? now,
          deliver_by: deliveryDeadline(payload) ?? null,
          delivery_state: "none",
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column("id").doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { job: readJob(inserted), created: true };
      const existing = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      return { job: readJob(existing), created: false };
    },

    async claim(owner, claimOptions = {}) {
      const now = options.now();
      const leaseMs = claimOptions.leaseMs ?? options.leaseMs;
      const token = randomUUID();
      // One statement on both engines. PostgreSQL: the subquery locks the row it picks and skips rows other claimers
      // hold (FOR UPDATE SKIP LOCKED), re-checking a row another claim changed meanwhile. SQLite: an UPDATE holds the
      // database's write lock from its first read, so no other claim runs in between.
      const pick = db
        .selectFrom("jobs")
        .select("id")
        .where("kind", "in", claimOptions.kinds ?? allKinds)
        .where((eb) => eb.or([eb.and([eb("state", "=", "queued"), eb("run_after", "<=", now)]), eb.and([eb("state", "=", "running"), eb("lease_until", "<=", now)])]))
        .where("delivered_at", "is", null)
        .whereRef("attempts", "<", "max_attempts")
        .where((eb) => eb.or([eb("deliver_by", "is", null), eb("deliver_by", ">", now)]))
        .orderBy("run_after")
        .orderBy("created_at")
        .orderBy("id")
        .limit(1)
        .$if(engine.kind === "postgres", (query) => query.forUpdate().skipLocked());
      const row = await db
        .updateTable("jobs")
        .set((eb) => ({ state: "running", attempts: eb("attempts", "+", 1), lease_token: token, lease_owner: owner, lease_until: now + leaseMs, updated_at: now }))
        .where("id", "=", pick)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      const job = readJob(row);
      const lease: Lease = { jobId: job.id, token, owner, attempt: job.attempts, maxAttempts: job.maxAttempts, until: now + leaseMs };
      const target = job.kind === "answer" ? (job.payload as JobPayload<"answer">).target : undefined;
      const step = target ? nextDeliveryStep(target, job.delivery.state, job.delivery.handle) : "post";
      return { ...job, lease, step };
    },

    async extend(lease, leaseMs = options.leaseMs) {
      const now = options.now();
      const result = await db
        .updateTable("jobs")
        .set({ lease_until: now + leaseMs, updated_at: now })
        .where("id", "=", lease.jobId)
        .where("lease_token", "=", lease.token)
        .where("state", "=", "running")
        .executeTakeFirst();
      const kept = Number(result.numUpdatedRows) === 1;
      if (kept) lease.until = now + leaseMs;
      return kept;
    },

    async startDelivery(lease, handle) {
      const now = options.now();
      const result = await db
        .updateTable("jobs")
        .set((eb) => ({
          delivery_state: "posting",
          delivery_started_at: eb.fn.coalesce("delivery_started_at", eb.val(now)),
          delivery_handle: handle ?? eb.ref("delivery_handle"),
          updated_at: now,
        }))
        .where("id", "=", lease.jobId)
        .where("lease_token", "=", lease.token)
        .where("state", "=", "running")
        // Only while the lease is live: past it another process may claim the job, and two posters would race.
        .where("lease_until", ">", now)
        .where("delivery_state", "!=", "delivered")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async markDelivered(jobId, handle) {
      const now = options.now();
      const result = await db
        .updateTable("jobs")
        .set((eb) => ({ delivery_state: "delivered", delivered_at: now, delivery_handle: handle ?? eb.ref("delivery_handle"), updated_at: now }))
        .where("id", "=", jobId)
        .where("delivery_state", "!=", "delivered")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async complete(lease, note) {
      const now = options.now();
      const result = await db
        .updateTable("jobs")
        .set({ state: "done", finished_at: now, lease_token: null, lease_until: null, updated_at: now, ...(note !== undefined ? { last_error: note } : {}) })
        .where("id", "=", lease.jobId)
        .where("lease_token", "=", lease.token)
        .where("state", "=", "running")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async fail(lease, error, failOptions = {}) {
      const now = options.now();
      const final = failOptions.final === true || lease.attempt >= lease.maxAttempts;
      const result = await db
        .updateTable("jobs")
        .set({
          state: final ? "failed" : "queued",
          run_after: now + (failOptions.retryInMs ?? 0),
          finished_at: final ? now : null,
          lease_token: null,
          lease_owner: null,
          lease_until: null,
          last_error: error,
          updated_at: now,
        })
        .where("id", "=", lease.jobId)
        .where("lease_token", "=", lease.token)
        .where("state", "=", "running")
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return "lost";
      return final ? "failed" : "queued";
    },

    async get(id) {
      const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? readJob(row) : undefined;
    },

    async sweep() {
      const now = options.now();
      // Each UPDATE moves a row once, whichever process sweeps: RETURNING tells this sweeper which rows were its own.
      const abandoned = (eb: ExpressionBuilder<Tables, "jobs">) => eb.or([eb("state", "=", "queued"), eb.and([eb("state", "=", "running"), eb("lease_until", "<=", now)])]);
      const completed = await db
        .updateTable("jobs")
        .set({ state: "done", finished_at: now, lease_token: null, lease_until: null, updated_at: now })
        .where("delivered_at", "is not", null)
        .where(abandoned)
        .returning("id")
        .execute();
      const expired = await db
        .updateTable("jobs")
        .set({ state: "failed", finished_at: now, lease_token: null, lease_until: null, last_error: "expired: the platform's reply window closed before an answer was delivered", updated_at: now })
        .where("delivered_at", "is", null)
        .where("deliver_by", "<=", now)
        .where(abandoned)
        .returning("id")
        .execute();
      const gaveUp = await db
        .updateTable("jobs")
        .set((eb) => ({
          state: "failed",
          finished_at: now,
          lease_token: null,
          lease_until: null,
          last_error: eb.fn.coalesce("last_error", eb.val("gave up: every attempt's lease ran out")),
          updated_at: now,
        }))
        .where("delivered_at", "is", null)
        .where("state", "=", "running")
        .where("lease_until", "<=", now)
        .whereRef("attempts", ">=", "max_attempts")
        .returning("id")
        .execute();
      return { completed: completed.map((row) => row.id), expired: expired.map((row) => row.id), gaveUp: gaveUp.map((row) => row.id) };
    },

    async counts() {
      const rows = await db.selectFrom("jobs").select((eb) => ["state", eb.fn.countAll<number>().as("count")]).groupBy("state").execute();
      const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
      for (const row of rows) {
        const state = JobState.safeParse(row.state);
        if (state.success) counts[state.data] = Number(row.count);
      }
      return counts;
    },
  };
}
