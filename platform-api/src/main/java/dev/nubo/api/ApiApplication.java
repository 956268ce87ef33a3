package dev.nubo.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The API service on its own (Kubernetes mode; needs a RuntimeCatalog and FunctionEndpoints from its backend). */
@SpringBootApplication
@Import(ApiModule.class)
public class ApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ApiApplication.class, args);
    }
}
