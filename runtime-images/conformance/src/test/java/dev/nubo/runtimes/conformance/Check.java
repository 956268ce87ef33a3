package dev.nubo.runtimes.conformance;

import org.junit.jupiter.api.function.Executable;

/** One promise of the contract, named after the behaviour a user would notice. */
record Check(String name, Executable body) {
}
