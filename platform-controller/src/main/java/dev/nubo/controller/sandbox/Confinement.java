package dev.nubo.controller.sandbox;

/** What the sandbox knows about one confined process: whether it hit a limit; released once it is gone. */
public interface Confinement {

    Confinement NONE = new Confinement() {
        @Override
        public boolean oomKilled() {
            return false;
        }

        @Override
        public boolean pidsLimitHit() {
            return false;
        }

        @Override
        public void release() {
        }
    };

    /**
     * The kernel killed it (or one of its processes) for using more memory than its limit. Still answered after
     * {@link #release}: whoever sees the exit second must not read "no" from a group the first one removed.
     */
    boolean oomKilled();

    /** It tried to start more processes or threads than its limit allows (still answered after release). */
    boolean pidsLimitHit();

    /** It uses its whole memory limit now: a process thrashing there answers nothing. False when unknown. */
    default boolean atMemoryLimit() {
        return false;
    }

    /**
     * Frees what the confinement holds (its cgroup), after noting what it saw; call once the process has exited.
     */
    void release();

    /** Sets the memory limit anew (a pool server taking on a function with its own limit); ignored without cgroups. */
    default void limitMemory(long bytes) {
    }
}
