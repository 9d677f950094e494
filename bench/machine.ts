import os from "node:os";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started; above the core count means other work shared the CPUs. */
  loadAverageAtStart: number;
  loadAverageAtEnd?: number;
  /** 1-minute load average as each part finished. */
  loadAverageByPart: Record<string, number>;
}

export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    loadAverageAtStart: os.loadavg()[0] ?? 0,
    loadAverageByPart: {},
  };
}

export function loadAverageNow(): number {
  return os.loadavg()[0] ?? 0;
}
