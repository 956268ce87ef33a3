package dev.nubo.triggers.gateway;

import java.net.http.HttpResponse;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads JSON bodies: problem details and echoes. */
final class Problems {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Problems() {
    }

    static Map<String, Object> read(HttpResponse<String> response) {
        return JSON.readValue(response.body(), MAP);
    }
}
