package dev.nubo.api.function;

import java.util.Locale;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.source.Checksums;

/**
 * {@code GET /api/v1/function-sources/{namespace}/{name}/{sha256}}: a function's code by its SHA-256, for the init
 * container of a pod whose code is too large for a ConfigMap (Kubernetes backend). The digest is the credential: an
 * init container has no API token, and only whoever knows the code's SHA-256 gets the code. Any miss — no such
 * function, another digest (the code changed), code given by URL — is the same 404, so nothing is learnt by probing.
 */
@RestController
class FunctionSourceController {

    private final FunctionService functions;

    FunctionSourceController(FunctionService functions) {
        this.functions = functions;
    }

    @GetMapping(path = "/api/v1/function-sources/{namespace}/{name}/{sha256}",
            produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    ResponseEntity<byte[]> source(@PathVariable String namespace, @PathVariable String name,
            @PathVariable String sha256) {
        byte[] code = sourceBytes(namespace, name);
        if (code == null || !Checksums.sha256(code).equals(sha256.toLowerCase(Locale.ROOT))) {
            throw ProblemException.notFound(ProblemCodes.FUNCTION_SOURCE_NOT_FOUND,
                    "no function code with this SHA-256 at " + namespace + "/" + name);
        }
        // the same digest always names the same bytes
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePrivate()
                .immutable()).body(code);
    }

    private byte[] sourceBytes(String namespace, String name) {
        Function function;
        try {
            function = functions.get(namespace, name);
        } catch (ProblemException notFound) {
            return null;
        }
        FunctionSource source = function.spec() == null ? null : function.spec().source();
        return source == null ? null : source.bytes();
    }
}
