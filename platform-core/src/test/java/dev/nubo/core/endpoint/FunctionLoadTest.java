package dev.nubo.core.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionLoadTest {

    @Test
    void callsReportedByOtherServicesCountWithTheOnesHereAndKeepTheFunctionAwake() {
        FunctionLoad load = new FunctionLoad();
        long before = load.lastCallNanos();
        load.begin();

        load.reportElsewhere("gateway", 3, true);
        load.reportElsewhere("api", 2, false);
        assertThat(load.inFlight()).isEqualTo(6);
        assertThat(load.inFlightHere()).isEqualTo(1);
        assertThat(load.lastCallNanos()).isGreaterThan(before);

        load.reportElsewhere("gateway", 0, false); // a newer report replaces the older one
        assertThat(load.inFlight()).isEqualTo(3);

        long idleSince = load.lastCallNanos();
        load.reportElsewhere("gateway", 0, false);
        assertThat(load.lastCallNanos()).as("no calls reported: still idle since then").isEqualTo(idleSince);
    }
}
