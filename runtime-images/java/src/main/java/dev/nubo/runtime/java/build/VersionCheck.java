package dev.nubo.runtime.java.build;

/**
 * runtime.json's {@code versionCommand}: prints the Java version and succeeds only on a JDK this runtime can use.
 * The class is compiled for Java 21, so an older {@code java} already fails to load it; a JRE fails here
 * because the compile step needs javac.
 */
public final class VersionCheck {

    static final int MINIMUM_FEATURE = 21;

    private VersionCheck() {
    }

    public static void main(String[] args) {
        if (Runtime.version().feature() < MINIMUM_FEATURE) {
            fail("Java " + MINIMUM_FEATURE + " or newer is needed, this is " + Runtime.version());
        }
        if (ModuleLayer.boot().findModule("jdk.compiler").isEmpty()) {
            fail("a JDK is needed (functions are compiled with javac), " + System.getProperty("java.home")
                    + " has no jdk.compiler");
        }
        System.out.println(System.getProperty("java.version"));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
