package dev.nubo.core.store;

import java.nio.file.Path;

import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.TestStores;

/** Child process of {@link StoreDurabilityTest}: writes functions until killed, printing each acknowledgement. */
public final class StoreWriter {

    private StoreWriter() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String prefix = args[1];
        TestStores stores = TestStores.over(TestDatabases.h2(dir));
        for (int i = 0; ; i++) {
            String name = prefix + "-" + i;
            stores.functions().create(TestFunctions.hello("default", name));
            System.out.println("acked " + name);
            System.out.flush();
        }
    }
}
