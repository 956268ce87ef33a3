package dev.nubo.core.function.service;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.core.function.FunctionLimits;
import dev.nubo.core.function.FunctionValidator;
import dev.nubo.core.kubeless.KubelessFunctionConverter;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.NamespaceStore;

/** The function use cases as beans, for the API and the console: one behaviour behind both. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InvokeProperties.class)
public class FunctionUseCases {

    @Bean
    FunctionService functionService(FunctionStore store, NamespaceStore namespaces, FunctionValidator validator,
            FunctionLimits limits, dev.nubo.core.quota.NamespaceQuotas quotas) {
        return new FunctionService(store, namespaces, validator, limits, quotas);
    }

    @Bean
    FunctionDocuments functionDocuments(KubelessFunctionConverter kubeless) {
        return new FunctionDocuments(kubeless);
    }

    @Bean
    FunctionInvoker functionInvoker(ObjectProvider<FunctionEndpoints> endpoints, InvokeProperties properties,
            ObjectProvider<CallRecorder> calls) {
        return new FunctionInvoker(endpoints, properties, calls.getIfAvailable(() -> CallRecorder.NONE));
    }

    @Bean
    FunctionLogReader functionLogReader(FunctionService functions, ObjectProvider<FunctionLogs> logs) {
        return new FunctionLogReader(functions, logs);
    }
}
