import { randomUUID } from "node:crypto";
import { asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { AnswerJobPayload, DeliveryTarget } from "../store/job-payloads.js";
import type { ClaimedJob, JobQueue } from "../store/jobs.js";
import type { Conversation } from "./conversation.js";
import type { Drain } from "./drain.js";
import type { Reply } from "./reply.js";

/**
 * "An acknowledged request is never lost": an adapter records each question it accepts as a durable job before it
 * acknowledges it, answers it at once in the same process as before, and marks the job delivered once the answer
 * is visible. A job left undelivered (the process was killed in between) becomes claimable once `takeoverAfterMs`
 * has passed, and the job worker of any process on the store (another replica, or this one restarted) answers it.
 */
export interface JobIntake {
  /** Records the job; resolves to what marks it delivered. Never rejects: without the store the question is still answered here, only not insured. */
  accept(jobId: string, payload: AnswerJobPayload): Promise<() => Promise<void>>;
}

const NOTHING_TO_MARK = async () => undefined;

/** No store, no insurance: the terminal chat and tests of one process. */
export const UNINSURED: JobIntake = { accept: async () => NOTHING_TO_MARK };

export function createJobIntake(jobs: JobQueue, takeoverAfterMs: number, logger: Logger, now: () => number = Date.now): JobIntake {
  return {
    async accept(jobId, payload) {
      try {
        const { created } = await jobs.enqueue({ id: jobId, kind: "answer", payload, runAfter: now() + takeoverAfterMs });
        if (!created) logger.debug({ jobId }, "question already recorded as a job");
      } catch (error) {
        logger.warn({ err: asCitebotError(error), jobId }, "could not record the question as a job; answering it without the insurance");
        return NOTHING_TO_MARK;
      }
      return async () => {
        await jobs.markDelivered(jobId).catch((error: unknown) => logger.warn({ err: asCitebotError(error), jobId }, "could not mark the job delivered; another process may answer it again"));
      };
    },
  };
}

/** Posts a reply to a job's target; each adapter supplies the kinds it can reach. Rejects when it could not. */
export type Deliver = (target: DeliveryTarget, reply: Reply, jobId: string, log: Logger) => Promise<void>;

export interface JobWorkerParts {
  jobs: JobQueue;
  conversation: Conversation;
  deliverers: Partial<Record<DeliveryTarget["kind"], Deliver>>;
  logger: Logger;
  drain?: Drain;
}

export interface JobWorkerOptions {
  /** How often the queue is looked at for jobs to take over (JOB_POLL_MS). */
  pollMs?: number;
  /** A job's lease (JOB_LEASE_MS), extended every third of it while this worker answers. */
  leaseMs?: number;
}

export const defaultJobWorkerOptions = { pollMs: 1_000, leaseMs: 30_000 } as const satisfies Required<JobWorkerOptions>;

export interface JobWorker {
  /** Claims and answers jobs until none is runnable; resolves with how many it ran. The timer calls it too. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Takes over questions another process (or this one before a restart) accepted and did not answer. */
export function startJobWorker(parts: JobWorkerParts, given: JobWorkerOptions = {}): JobWorker {
  const options = { ...defaultJobWorkerOptions, ...given };
  const owner = `citebot-${process.pid}-${randomUUID().slice(0, 8)}`;
  const log = parts.logger.child({ component: "jobs", owner });
  let running: Promise<number> | undefined;
  let stopped = false;

  async function run(job: ClaimedJob): Promise<void> {
    const jobLog = log.child({ jobId: job.id, attempt: job.lease.attempt });
    const payload = job.payload as AnswerJobPayload;
    if (job.step === "skip") {
      jobLog.warn("a previous attempt may have shown this answer and its target cannot be checked; not posting again");
      await parts.jobs.complete(job.lease, "skipped: delivery uncertain");
      return;
    }
    const deliver = parts.deliverers[payload.target.kind];
    if (!deliver) {
      await parts.jobs.fail(job.lease, `no adapter here delivers to ${payload.target.kind}`, { retryInMs: options.pollMs * 5 });
      return;
    }
    const keepLease = setInterval(() => void parts.jobs.extend(job.lease).catch(() => undefined), Math.max(1_000, Math.floor(options.leaseMs / 3))).unref();
    try {
      jobLog.info({ target: payload.target.kind }, "taking over a question another process accepted and did not answer");
      const reply = await parts.conversation.handle(payload.message);
      if (!(await parts.jobs.startDelivery(job.lease))) {
        jobLog.warn("lost the job's lease before posting; leaving it to the process that took it");
        return;
      }
      await deliver(payload.target, reply, job.id, jobLog);
      await parts.jobs.markDelivered(job.id);
      await parts.jobs.complete(job.lease);
      jobLog.info("answered a taken-over question");
    } catch (error) {
      const outcome = await parts.jobs.fail(job.lease, asCitebotError(error).message, { retryInMs: options.pollMs }).catch(() => "lost");
      jobLog.warn({ err: asCitebotError(error), outcome }, "could not answer a taken-over question");
    } finally {
      clearInterval(keepLease);
    }
  }

  async function drainQueue(): Promise<number> {
    let ran = 0;
    while (!stopped && !parts.drain?.draining) {
      const job = await parts.jobs.claim(owner, { leaseMs: options.leaseMs, kinds: ["answer"] });
      if (!job) break;
      ran += 1;
      await (parts.drain ? parts.drain.track(run(job)) : run(job));
    }
    return ran;
  }

  function runOnce(): Promise<number> {
    running ??= drainQueue()
      .catch((error: unknown) => {
        log.warn({ err: asCitebotError(error) }, "could not look for jobs to take over; trying again shortly");
        return 0;
      })
      .finally(() => (running = undefined));
    return running;
  }

  const timer = setInterval(() => void runOnce(), options.pollMs).unref();
  void runOnce();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
