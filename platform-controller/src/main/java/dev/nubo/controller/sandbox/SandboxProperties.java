package dev.nubo.controller.sandbox;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How function processes are confined on this machine ({@code nubo.sandbox.*}).
 *
 * @param enabled          confine replicas and build steps (bubblewrap); off only for debugging — status says so
 * @param bwrap            the bubblewrap binary
 * @param cgroupRoot       where cgroup hierarchies are mounted (v1: one per controller; v2: unified)
 * @param cgroupName       the group under which each process gets its own (suffixed with a hash of the data
 *                         directory, so two platforms on one machine never touch each other's groups)
 * @param uid              the user replicas run as, when the platform runs as root: one of their own (no other
 *                         process of the machine should use it), so the firewall can tell their connections apart
 * @param gid              their group
 * @param defaultMemory    memory limit of a replica whose function sets none (spec.resources.memory wins)
 * @param maxProcesses     processes and threads per replica (a fork bomb stops here)
 * @param maxOpenFiles     open files per process
 * @param tmpSize          size of each replica's private /tmp
 * @param systemPaths      host paths every sandbox sees read-only when they exist (the languages, their
 *                         configuration, certificates, name resolution); never the data directory
 * @param buildReadPaths   further host paths build steps see read-only, e.g. a local package mirror
 * @param isolateLoopback  refuse replicas' connections to this machine's own ports (iptables; needs root)
 * @param loopbackAllowedPorts local ports replicas may still reach (DNS resolvers)
 */
@ConfigurationProperties("nubo.sandbox")
public record SandboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/usr/bin/bwrap") Path bwrap,
        @DefaultValue("/sys/fs/cgroup") Path cgroupRoot,
        @DefaultValue("nubo") String cgroupName,
        @DefaultValue("61000") int uid,
        @DefaultValue("61000") int gid,
        @DefaultValue("512Mi") String defaultMemory,
        @DefaultValue("256") int maxProcesses,
        @DefaultValue("1024") int maxOpenFiles,
        @DefaultValue("64MB") DataSize tmpSize,
        @DefaultValue({"/usr", "/etc/alternatives", "/etc/ssl", "/etc/ca-certificates", "/etc/resolv.conf", "/etc/hosts",
                "/etc/nsswitch.conf", "/etc/localtime", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
                "/etc/passwd", "/etc/group", "/etc/mime.types", "/etc/protocols", "/etc/services", "/etc/php",
                "/etc/ruby", "/var/lib/gems"}) List<String> systemPaths,
        @DefaultValue({}) List<String> buildReadPaths,
        @DefaultValue("true") boolean isolateLoopback,
        @DefaultValue("53") List<Integer> loopbackAllowedPorts) {
}
