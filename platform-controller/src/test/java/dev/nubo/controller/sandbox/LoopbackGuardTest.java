package dev.nubo.controller.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LoopbackGuardTest {

    @Test
    void allowedPortsGoOnTopAndRefusalsAtTheEndSoAnotherPlatformsRulesStayInForce() {
        List<LoopbackGuard.Rule> rules = LoopbackGuard.rules(List.of(53, 8081));

        assertThat(rules).filteredOn(LoopbackGuard.Rule::top).extracting(rule -> String.join(" ", rule.spec()))
                .containsExactly("-p udp --dport 53 -j RETURN", "-p tcp --dport 53 -j RETURN",
                        "-p udp --dport 8081 -j RETURN", "-p tcp --dport 8081 -j RETURN");
        assertThat(rules.subList(4, rules.size())).noneMatch(LoopbackGuard.Rule::top)
                .allMatch(rule -> rule.spec().contains("REJECT"));
        assertThat(LoopbackGuard.command("iptables", "-I", rules.getFirst()))
                .startsWith("iptables", "-w", "-I", LoopbackGuard.CHAIN, "1");
        assertThat(LoopbackGuard.command("iptables", "-A", rules.getLast()))
                .startsWith("iptables", "-w", "-A", LoopbackGuard.CHAIN, "-m");
    }
}
