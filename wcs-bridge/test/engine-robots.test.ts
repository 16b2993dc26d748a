import { describe, expect, it } from "vitest";
import { conveyor, makeEngine, robot, run, waypoint, zoneId } from "./support.ts";

describe("engine: robots", () => {
  it("drives to the task's waypoint in a straight line at its speed, then is IDLE", () => {
    const e = makeEngine();
    const r = robot(e, "AMR-01");
    const to = waypoint("A-01-01-1-A");
    const battery = r.battery;
    expect(e.assignTask("AMR-01", "TASK-1", to.locationId)).toEqual({ accepted: true, reason: "" });
    run(e, 1000);
    expect(r).toMatchObject({ state: "DRIVING", currentTask: "TASK-1", targetLocationId: to.locationId });
    expect(Math.hypot(r.x - r.home.x, r.y - r.home.y)).toBeCloseTo(1.5, 2);
    expect(r.heading).toBeCloseTo(Math.atan2(to.y - r.home.y, to.x - r.home.x), 3);
    const seconds = Math.hypot(to.x - r.home.x, to.y - r.home.y) / 1.5;
    run(e, seconds * 1000 + 100);
    expect(r).toMatchObject({ state: "IDLE", x: to.x, y: to.y, currentTask: "", targetLocationId: "" });
    expect(r.battery).toBeLessThan(battery - seconds * 0.04);
  });

  it("accepts a chute's location as a destination", () => {
    const e = makeEngine();
    const ch = e.floor.sorters[0]!.chutes[3]!;
    expect(e.assignTask("AMR-04", "TASK-C", ch.destination).accepted).toBe(true);
    run(e, 60_000);
    expect(robot(e, "AMR-04")).toMatchObject({ state: "IDLE", x: ch.position.x, y: ch.position.y });
  });

  it("goes home to charge below its threshold, refuses tasks meanwhile, and charges back to IDLE", () => {
    const e = makeEngine({ batteryDrainIdle: 0.5, batteryChargeRate: 2 });
    const r = robot(e, "AMR-02");
    r.x = 20;
    r.y = 30;
    r.battery = r.batteryThreshold + 0.2;
    run(e, 1000);
    expect(r).toMatchObject({ state: "DRIVING", currentTask: "" });
    const refused = e.assignTask("AMR-02", "TASK-2", waypoint("P-01-01-1-A").locationId);
    expect(refused.accepted).toBe(false);
    expect(refused.reason).toMatch(/below its threshold of 20%/);
    run(e, 25_000);
    expect(r).toMatchObject({ state: "CHARGING", charging: true, x: r.home.x, y: r.home.y });
    const low = r.battery;
    run(e, 1000);
    expect(r.battery).toBeCloseTo(low + 2, 6);
    let waited = 0;
    while (r.state === "CHARGING" && waited < 60_000) {
      e.tick(50);
      waited += 50;
    }
    expect(r).toMatchObject({ state: "IDLE", charging: false, battery: 100 });
    expect(e.assignTask("AMR-02", "TASK-2", waypoint("P-01-01-1-A").locationId).accepted).toBe(true);
  });

  it("reports random drive errors in VDA 5050 terms and refuses tasks while in ERROR", () => {
    const e = makeEngine({ errorProbability: 1 });
    expect(e.assignTask("AMR-03", "TASK-3", waypoint("D-01-01-1-A").locationId).accepted).toBe(true);
    run(e, 20_000);
    const r = robot(e, "AMR-03");
    expect(r.state).toBe("ERROR");
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ errorLevel: expect.stringMatching(/^(WARNING|FATAL)$/), errorType: expect.any(String) });
    expect(e.state.alarms.find((a) => a.id === "ROBOT/AMR-03")?.deviceId).toBe("AMR-03");
    expect(e.assignTask("AMR-03", "TASK-4", waypoint("D-01-01-1-A").locationId).reason).toMatch(/is in ERROR/);
  });

  it("clears a WARNING with Cancel; a FATAL error refuses Cancel and needs Reset", () => {
    const e = makeEngine();
    const r = robot(e, "AMR-05");
    r.state = "ERROR";
    r.errors = [{ errorType: "obstacleBlocked", errorLevel: "WARNING", description: "blocked" }];
    expect(e.cancelRobot("AMR-05").accepted).toBe(true);
    expect(r).toMatchObject({ state: "IDLE", errors: [] });
    r.state = "ERROR";
    r.errors = [{ errorType: "driveMotorFault", errorLevel: "FATAL", description: "motor" }];
    expect(e.cancelRobot("AMR-05")).toEqual({ accepted: false, reason: "robot AMR-05 has a FATAL error: Reset it" });
    expect(e.resetRobot("AMR-05").accepted).toBe(true);
    expect(r).toMatchObject({ state: "IDLE", errors: [] });
  });

  it("pauses and resumes a drive, and Cancel drops the task where the robot stands", () => {
    const e = makeEngine();
    const r = robot(e, "AMR-07");
    e.assignTask("AMR-07", "TASK-7", waypoint("D-01-02-1-A").locationId);
    run(e, 1000);
    expect(e.pauseRobot("AMR-07").accepted).toBe(true);
    const at = { x: r.x, y: r.y };
    run(e, 2000);
    expect(r).toMatchObject({ state: "PAUSED", ...at });
    expect(e.pauseRobot("AMR-07").reason).toBe("robot AMR-07 is PAUSED and cannot be paused");
    expect(e.resumeRobot("AMR-07").accepted).toBe(true);
    run(e, 1000);
    expect(r.state).toBe("DRIVING");
    expect(r.x).not.toBe(at.x);
    expect(e.cancelRobot("AMR-07").accepted).toBe(true);
    expect(r).toMatchObject({ state: "IDLE", currentTask: "" });
    expect(e.cancelRobot("AMR-07").reason).toBe("robot AMR-07 has no task to cancel");
    expect(e.resumeRobot("AMR-07").reason).toBe("robot AMR-07 is not paused");
  });

  it("refuses unknown robots and locations", () => {
    const e = makeEngine();
    expect(e.assignTask("AMR-99", "T", waypoint("D-01-02-1-A").locationId).reason).toBe("unknown robot AMR-99");
    expect(e.assignTask("AMR-01", "T", "nowhere").reason).toBe("location nowhere has no waypoint on this floor");
    expect(e.assignTask("AMR-01", "", waypoint("D-01-02-1-A").locationId).reason).toBe("taskId is required");
  });
});

describe("engine: e-stop and interlocks", () => {
  it("e-stops a zone's belts, sorter and robots; Reset brings back STOPPED, nothing restarts by itself", () => {
    const e = makeEngine();
    const inb = zoneId("INB");
    for (const c of e.state.conveyors) e.startConveyor(c.id);
    e.assignTask("AMR-01", "TASK-E", waypoint("A-05-05-1-A").locationId);
    run(e, 2000);
    expect(e.eStopZone(inb).accepted).toBe(true);
    const inbBelts = e.state.conveyors.filter((c) => c.zoneId === inb);
    expect(inbBelts.map((c) => [e.conveyorStateName(c), c.speed])).toEqual(inbBelts.map(() => ["ESTOPPED", 0]));
    expect(e.conveyorStateName(conveyor(e, "CV-SRT-01"))).toBe("RUNNING");
    expect(robot(e, "AMR-01").state).toBe("PAUSED");
    expect(robot(e, "AMR-04").state).toBe("IDLE");
    expect(e.state.alarms.find((a) => a.id === `ESTOP/${inb}`)).toMatchObject({ severity: 1000, deviceId: inb });
    expect(e.startConveyor("CV-INB-01").reason).toBe("zone INB is emergency-stopped: reset the zone first");
    expect(e.resumeRobot("AMR-01").reason).toMatch(/emergency-stopped/);
    expect(e.assignTask("AMR-02", "T", waypoint("A-05-05-1-A").locationId).reason).toBe("zone INB is emergency-stopped");

    expect(e.resetZone(inb).accepted).toBe(true);
    expect(inbBelts.map((c) => e.conveyorStateName(c))).toEqual(inbBelts.map(() => "STOPPED"));
    expect(e.state.alarms).toEqual([]);
    expect(robot(e, "AMR-01").state).toBe("PAUSED");
    expect(e.resumeRobot("AMR-01").accepted).toBe(true);
    expect(robot(e, "AMR-01")).toMatchObject({ state: "DRIVING", currentTask: "TASK-E" });
  });

  it("e-stops the sorter zone's sorter and refuses to start it until reset", () => {
    const e = makeEngine();
    e.startSorter("SRT-01");
    e.eStopZone(zoneId("SRT"));
    expect(e.sorterStateName(e.state.sorters[0]!)).toBe("ESTOPPED");
    expect(e.startSorter("SRT-01").accepted).toBe(false);
    e.resetZone(zoneId("SRT"));
    expect(e.sorterStateName(e.state.sorters[0]!)).toBe("STOPPED");
    expect(e.startSorter("SRT-01").accepted).toBe(true);
  });

  it("refuses SetSpeed outside [MinSpeed, MaxSpeed] and keeps the old setpoint", () => {
    const e = makeEngine();
    expect(e.setConveyorSpeed("CV-OUT-03", 2.5)).toEqual({ accepted: false, reason: "speed 2.5 m/s is outside [0.2, 2]" });
    expect(e.setConveyorSpeed("CV-OUT-03", 0.1).accepted).toBe(false);
    expect(e.setConveyorSpeed("CV-OUT-03", Number.NaN).accepted).toBe(false);
    expect(conveyor(e, "CV-OUT-03").setpoint).toBe(1);
    expect(e.setConveyorSpeed("CV-OUT-03", 2).accepted).toBe(true);
    expect(conveyor(e, "CV-OUT-03").setpoint).toBe(2);
    expect(e.startConveyor("CV-NOPE").reason).toBe("unknown conveyor CV-NOPE");
    expect(e.eStopZone("nope").reason).toBe("unknown zone nope");
  });
});
