import type { Selectable } from "kysely";
import { z } from "zod";
import type { DeliveryState, DeliveryStep } from "./delivery.js";
import { type JobKind, type JobPayload, JobPayloads } from "./job-payloads.js";
import { millis, readRow } from "./read-row.js";
import type { JobsTable } from "./tables.js";

export const JobState = z.enum(["queued", "running", "done", "failed"]);
export type JobState = z.infer<typeof JobState>;

export interface Job<Kind extends JobKind = JobKind> {
  id: string;
  kind: Kind;
  payload: JobPayload<Kind>;
  state: JobState;
  /** Claims so far, including the current one. */
  attempts: number;
  maxAttempts: number;
  runAfter: number;
  deliverBy?: number;
  createdAt: number;
  finishedAt?: number;
  lastError?: string;
  delivery: { state: DeliveryState; handle?: string; startedAt?: number; deliveredAt?: number };
}

/** Proof of holding a claimed job: every later step checks the token, so a worker whose lease was taken over cannot finish on top of its successor. */
export interface Lease {
  jobId: string;
  token: string;
  owner: string;
  attempt: number;
  maxAttempts: number;
  until: number;
}

export interface ClaimedJob<Kind extends JobKind = JobKind> extends Job<Kind> {
  lease: Lease;
  /** How to deliver, given what earlier attempts recorded (delivery.ts). */
  step: DeliveryStep;
}

export interface EnqueueInput<Kind extends JobKind = JobKind> {
  kind: Kind;
  payload: JobPayload<Kind>;
  /** The platform's event id makes enqueueing idempotent: a retried event finds its job instead of adding one. */
  id?: string;
  maxAttempts?: number;
  runAfter?: number;
}

export interface JobSweep {
  /** Delivered, but the worker died before completing: now done, never re-run. */
  completed: string[];
  /** The reply window closed (response_url, interaction token) before any attempt delivered. */
  expired: string[];
  /** Every attempt's lease ran out (the worker died each time): failed, for the caller to apologise where it can. */
  gaveUp: string[];
}

const DeliveryStateSchema = z.enum(["none", "posting", "delivered"]);
const optionalMillis = millis.nullable().transform((value) => value ?? undefined);

const JobRow = z
  .object({
    id: z.string(),
    kind: z.enum(Object.keys(JobPayloads) as [JobKind, ...JobKind[]]),
    payload: z.string(),
    state: JobState,
    attempts: z.coerce.number().int(),
    max_attempts: z.coerce.number().int(),
    run_after: millis,
    deliver_by: optionalMillis,
    created_at: millis,
    finished_at: optionalMillis,
    last_error: z.string().nullable(),
    delivery_state: DeliveryStateSchema,
    delivery_handle: z.string().nullable(),
    delivery_started_at: optionalMillis,
    delivered_at: optionalMillis,
  })
  .transform((row, context): Job => {
    let payload: unknown;
    try {
      payload = JobPayloads[row.kind].parse(JSON.parse(row.payload));
    } catch (error) {
      context.addIssue({ code: "custom", path: ["payload"], message: `is not a valid ${row.kind} payload: ${(error as Error).message}` });
      return z.NEVER;
    }
    return {
      id: row.id,
      kind: row.kind,
      payload: payload as JobPayload,
      state: row.state,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
      runAfter: row.run_after,
      createdAt: row.created_at,
      delivery: {
        state: row.delivery_state,
        ...(row.delivery_handle !== null ? { handle: row.delivery_handle } : {}),
        ...(row.delivery_started_at !== undefined ? { startedAt: row.delivery_started_at } : {}),
        ...(row.delivered_at !== undefined ? { deliveredAt: row.delivered_at } : {}),
      },
      ...(row.deliver_by !== undefined ? { deliverBy: row.deliver_by } : {}),
      ...(row.finished_at !== undefined ? { finishedAt: row.finished_at } : {}),
      ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    };
  });

export const readJob = (row: Selectable<JobsTable>) => readRow(JobRow, row, `the job ${row.id}`);

