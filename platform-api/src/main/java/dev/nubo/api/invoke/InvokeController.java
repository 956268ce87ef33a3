package dev.nubo.api.invoke;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.ApiProperties;
import dev.nubo.core.function.service.FunctionInvoker;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.api.web.RequestBodies;

/** {@code POST …/functions/{name}/invoke}: the body and content type go to the function; its answer comes back. */
@RestController
class InvokeController {

    private final FunctionService functions;
    private final FunctionInvoker invoker;
    private final long maxRequestBytes;

    InvokeController(FunctionService functions, FunctionInvoker invoker, ApiProperties properties) {
        this.functions = functions;
        this.invoker = invoker;
        this.maxRequestBytes = properties.maxRequestBytes();
    }

    @PostMapping("/api/v1/namespaces/{namespace}/functions/{name}/invoke")
    ResponseEntity<byte[]> invoke(@PathVariable String namespace, @PathVariable String name, HttpServletRequest request)
            throws IOException, InterruptedException {
        functions.get(namespace, name); // 404 for a function that does not exist
        FunctionInvoker.Answer answer = invoker.invoke(namespace, name,
                new FunctionInvoker.Invocation(request.getContentType(), RequestBodies.read(request, maxRequestBytes)));
        HttpHeaders headers = new HttpHeaders();
        answer.headers().forEach(headers::addAll);
        return ResponseEntity.status(answer.status()).headers(headers).body(answer.body());
    }
}
