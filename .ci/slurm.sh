#!/usr/bin/env bash
# A one-node SLURM cluster for the tests (issue 12): munged, slurmctld and slurmd with a minimal
# slurm.conf, every state, spool, socket, log and pid file under one temp folder.
# Source it, then: slurm_start (exports SLURM_CONF and PRUNETHEORY_REQUIRE_SLURM=1) ... slurm_stop.
# slurm_stop ends the three daemons by their pid files only.

slurm_install() {
  command -v sbatch >/dev/null && command -v slurmctld >/dev/null && command -v munged >/dev/null && return 0
  echo "slurm: installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y slurm-wlm munge >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y slurm-wlm munge >/dev/null; }
}

slurm_start() {
  slurm_install || { echo "slurm: install failed"; return 1; }
  SLURM_CI_DIR=$(mktemp -d /tmp/prunetheory-slurm.XXXXXX)
  export SLURM_CI_DIR
  local d=$SLURM_CI_DIR host port
  host=$(hostname -s)
  # Ports of this cluster only, so two CI runs on one machine do not meet.
  port=${SLURM_CI_PORT:-$((20000 + ($$ % 20000) * 2))}
  mkdir -p "$d/munge" "$d/state" "$d/spool"
  chmod 700 "$d/munge"
  # A fresh key for this cluster only (munged refuses group/world-readable keys).
  dd if=/dev/urandom of="$d/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$d/munge/munge.key"
  munged --force --key-file="$d/munge/munge.key" --socket="$d/munge/munge.socket" \
    --pid-file="$d/munged.pid" --log-file="$d/munged.log" --seed-file="$d/munge/munged.seed" \
    || { echo "slurm: munged failed to start"; return 1; }
  cat > "$d/slurm.conf" <<CONF
ClusterName=prunetheory-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$d/munge/munge.socket
CredType=cred/munge
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$d/slurm.conf
  slurmctld -c -f "$SLURM_CONF" || { echo "slurm: slurmctld failed (see $d/slurmctld.log)"; return 1; }
  slurmd -f "$SLURM_CONF" || { echo "slurm: slurmd failed (see $d/slurmd.log)"; return 1; }
  local i
  for i in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^idle'; then
      export PRUNETHEORY_REQUIRE_SLURM=1
      echo "slurm: one-node cluster up ($SLURM_CONF)"
      return 0
    fi
    sleep 0.5
  done
  echo "slurm: node never became idle (see $d/slurmctld.log, $d/slurmd.log)"
  return 1
}

slurm_stop() {
  local d=${SLURM_CI_DIR:-} f pid
  [ -n "$d" ] && [ -d "$d" ] || return 0
  # Jobs a failed test left behind: every job of this private cluster, then its daemons.
  if [ -n "${SLURM_CONF:-}" ]; then
    squeue -h -o %i 2>/dev/null | xargs -r scancel 2>/dev/null
    for _ in $(seq 1 40); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.25; done
  fi
  for f in slurmd slurmctld munged; do
    [ -f "$d/$f.pid" ] || continue
    pid=$(cat "$d/$f.pid")
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  done
  rm -rf "$d"
  unset SLURM_CI_DIR SLURM_CONF PRUNETHEORY_REQUIRE_SLURM
}
