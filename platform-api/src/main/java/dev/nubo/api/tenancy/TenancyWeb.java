package dev.nubo.api.tenancy;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the access check for the API's paths. */
@Configuration(proxyBeanMethods = false)
class TenancyWeb implements WebMvcConfigurer {

    private final TenantAccessInterceptor interceptor;

    TenancyWeb(TenantAccessInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/api/**");
    }
}
