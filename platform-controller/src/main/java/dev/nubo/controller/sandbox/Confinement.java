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

    /** The kernel killed it (or one of its processes) for using more memory than its limit. */
    boolean oomKilled();

    /** It tried to start more processes or threads than its limit allows. */
    boolean pidsLimitHit();

    /** Frees what the confinement holds (its cgroup); call once the process has exited. */
    void release();

    /** Sets the memory limit anew (a pool server taking on a function with its own limit); ignored without cgroups. */
    default void limitMemory(long bytes) {
    }
}
