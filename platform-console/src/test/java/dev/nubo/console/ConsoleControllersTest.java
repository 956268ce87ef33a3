package dev.nubo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.TopicCatalog;
import dev.nubo.core.trigger.service.TriggerService;
import dev.nubo.core.user.AuditLog;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.Members;
import dev.nubo.core.user.NamespaceRole;
import dev.nubo.core.user.Roles;

/** Each console controller through MockMvc over the real store: pages, fragments, validation, CSRF and access. */
@SpringBootTest(classes = ConsoleTestApplication.class, properties = {})
@AutoConfigureMockMvc
class ConsoleControllersTest {

    static {
        for (String property : ConsoleTestApplication.properties()) {
            int eq = property.indexOf('=');
            System.setProperty(property.substring(0, eq), property.substring(eq + 1));
        }
    }

    private static final String PYTHON = "def handler(event, context):\n    return 'hi'\n";

    @Autowired
    MockMvc mvc;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping handlerMappings;
    @Autowired
    FunctionService functions;
    @Autowired
    TriggerService<CronTrigger, CronTriggerSpec> cronTriggers;
    @Autowired
    TriggerService<KafkaTrigger, KafkaTriggerSpec> kafkaTriggers;
    @Autowired
    TriggerService<NatsTrigger, NatsTriggerSpec> natsTriggers;
    @Autowired
    CredentialStore credentials;
    @Autowired
    NamespaceStore namespaces;
    @Autowired
    Members members;
    @Autowired
    AuditLog audit;
    @Autowired
    dev.nubo.core.store.FunctionStore functionStore;
    @Autowired
    dev.nubo.core.store.CronTriggerStore cronStore;

    static RequestPostProcessor admin() {
        return user("admin").roles("ADMIN");
    }

    // --- login, session, CSRF, access ---

    @Test
    void aPageWithoutASessionSendsTheBrowserToTheLoginPage() throws Exception {
        mvc.perform(get("/ns/default/functions")).andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
        mvc.perform(get("/login")).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("name=\"password\""), containsString("_csrf"))));
    }

    @Test
    void anHtmxRequestWithoutASessionIsToldToLoadTheLoginPageInsteadOfSwappingIt() throws Exception {
        mvc.perform(get("/ns/default/functions/x/status").header("HX-Request", "true"))
                .andExpect(status().isUnauthorized()).andExpect(header().string("HX-Redirect", "/login"));
    }

    @Test
    void thePlatformsOwnUsersLogIn() throws Exception {
        mvc.perform(formLogin("/login").user("admin").password(ConsoleTestApplication.PASSWORD))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/"));
        mvc.perform(formLogin("/login").user("admin").password("wrong"))
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void aWriteWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        mvc.perform(post("/ns/default/functions").with(admin()).param("name", "nocsrf").param("runtime", "python3.11")
                .param("handler", "hello.handler").param("code", PYTHON)).andExpect(status().isForbidden());
        assertThat(functions.list("default")).extracting(Function::name).doesNotContain("nocsrf");
    }

    @Test
    void loggingOutEndsTheSessionAndAnHtmxRequestOnItIsSentToTheLoginPage() throws Exception {
        var login = mvc.perform(formLogin("/login").user("admin").password(ConsoleTestApplication.PASSWORD))
                .andExpect(redirectedUrl("/")).andReturn();
        var session = (org.springframework.mock.web.MockHttpSession) login.getRequest().getSession(false);
        mvc.perform(get("/ns/default/functions").session(session)).andExpect(status().isOk());
        mvc.perform(post("/logout").session(session)).andExpect(status().isForbidden()); // CSRF on logout too
        mvc.perform(post("/logout").session(session).with(csrf())).andExpect(redirectedUrl("/login?logout"));
        mvc.perform(get("/login").param("logout", "")).andExpect(content().string(containsString("You are logged out")));
        // the session is gone: a page goes to the login page, an htmx fragment request is told to load it whole
        mvc.perform(get("/ns/default/functions").session(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/ns/default/functions").param("q", "x").header("HX-Request", "true").session(session))
                .andExpect(status().isUnauthorized()).andExpect(header().string("HX-Redirect", "/login"))
                .andExpect(content().string(not(containsString("password"))));
    }

    /** Every write the console's controllers take (read from the handler mappings) is refused without the token. */
    @Test
    void everyWriteWithoutTheCsrfTokenIsRefused() throws Exception {
        tenants();
        int checked = 0;
        for (var entry : handlerMappings.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getPackageName().startsWith("dev.nubo.console")) {
                continue;
            }
            for (var method : entry.getKey().getMethodsCondition().getMethods()) {
                if (method == org.springframework.web.bind.annotation.RequestMethod.GET) {
                    continue;
                }
                for (String pattern : entry.getKey().getPatternValues()) {
                    String path = fill(pattern, "team-a").replace("{id}", "some-token");
                    mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                                    .request(org.springframework.http.HttpMethod.valueOf(method.name()), path)
                                    .with(admin()).param("name", "a-fn").param("enabled", "false"))
                            .andExpect(status().isForbidden());
                    checked++;
                }
            }
        }
        assertThat(checked).as("console writes").isGreaterThan(10);
        assertThat(functions.get("team-a", "a-fn").spec().source().inline()).isEqualTo(PYTHON);
    }

    /**
     * Without JavaScript every form still works: each has an action, and each POST form carries the CSRF token
     * itself (htmx only enhances them).
     */
    @Test
    void everyFormOfEveryPagePostsWithoutJavaScript() throws Exception {
        tenants();
        create("no-js-fn");
        cronTriggers.create("default", cron("no-js-tick", "no-js-fn", "@hourly"));
        int forms = 0;
        for (String page : new String[] {"/ns/default/functions", "/ns/default/functions/new",
                "/ns/default/functions/no-js-fn", "/ns/default/triggers", "/ns/default/triggers/crontriggers/new",
                "/ns/default/triggers/crontriggers/no-js-tick", "/ns/default/triggers/httptriggers/new",
                "/ns/default/triggers/kafkatriggers/new", "/ns/default/triggers/natstriggers/new", "/tokens",
                "/ns/team-a/members"}) {
            String html = mvc.perform(get(page).with(admin())).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString();
            java.util.regex.Matcher form = java.util.regex.Pattern.compile("<form\\b([^>]*)>([\\s\\S]*?)</form>")
                    .matcher(html);
            int onPage = 0;
            while (form.find()) {
                String tag = form.group(1);
                assertThat(tag).as("a form of %s", page).containsPattern("\\baction=\"[^\"]+\"");
                if (tag.contains("method=\"post\"")) {
                    assertThat(form.group(2)).as("a POST form of %s: %s", page, tag)
                            .containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"");
                }
                onPage++;
            }
            assertThat(onPage).as("forms on %s", page).isPositive();
            forms += onPage;
        }
        assertThat(forms).isGreaterThan(20);
    }

    // --- namespace roles: viewer reads, developer writes, another tenant's namespace does not exist ---

    /** team-a: vera is a viewer, devon a developer; team-b belongs to someone else; nobody has no membership. */
    private void tenants() {
        if (!namespaces.exists("team-a")) {
            namespaces.create("team-a");
            namespaces.create("team-b");
        }
        credentials.saveUser("vera", "vera-password", Roles.USER);
        credentials.saveUser("devon", "devon-password", Roles.USER);
        credentials.saveUser("nobody", "nobody-password", Roles.USER);
        credentials.saveUser("ada", "ada-password", Roles.USER);
        members.put("team-a", "ada", NamespaceRole.ADMIN);
        members.put("team-a", "vera", NamespaceRole.VIEWER);
        members.put("team-a", "devon", NamespaceRole.DEVELOPER);
        if (functions.list("team-a").isEmpty()) {
            create("team-a", "a-fn");
            create("team-b", "b-fn");
        }
    }

    @Test
    void anyPlatformUserLogsInAndStartsInTheirOwnNamespace() throws Exception {
        tenants();
        mvc.perform(formLogin("/login").user("vera").password("vera-password")).andExpect(redirectedUrl("/"));
        mvc.perform(get("/").with(user("vera"))).andExpect(redirectedUrl("/ns/team-a/functions"));
        mvc.perform(get("/").with(user("nobody"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("You are not a member of any namespace")));
    }

    @Test
    void theNamespaceSwitcherListsTheUsersNamespacesOnlyAndEveryOneForAPlatformAdmin() throws Exception {
        tenants();
        mvc.perform(get("/ns/team-a/functions").with(user("vera"))).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<option value=\"team-a\""),
                        not(containsString("<option value=\"team-b\"")),
                        not(containsString("<option value=\"default\"")))));
        mvc.perform(get("/ns/team-a/functions").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<option value=\"team-a\""),
                        containsString("<option value=\"team-b\""), containsString("<option value=\"default\""))));
    }

    @Test
    void aViewerReadsWithoutWriteButtonsAndEveryWriteIsRefusedServerSide() throws Exception {
        tenants();
        mvc.perform(get("/ns/team-a/functions").with(user("vera"))).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("a-fn"), not(containsString("New function")))));
        mvc.perform(get("/ns/team-a/functions/a-fn").with(user("vera"))).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("def handler"), containsString("<fieldset disabled"),
                        not(containsString("id=\"invoke-form\"")), not(containsString("id=\"delete\"")),
                        not(containsString("id=\"save\"")))));
        mvc.perform(get("/ns/team-a/triggers").with(user("vera"))).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("New cron"))));

        mvc.perform(post("/ns/team-a/functions/a-fn/delete").with(user("vera")).with(csrf()))
                .andExpect(status().isForbidden()).andExpect(content().string(containsString("FORBIDDEN")));
        mvc.perform(multipart("/ns/team-a/functions/a-fn").with(user("vera")).with(csrf()).param("name", "a-fn")
                        .param("runtime", "python3.11").param("handler", "hello.handler").param("code", "changed"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/ns/team-a/functions/a-fn/invoke").with(user("vera")).with(csrf())
                        .header("HX-Request", "true").param("method", "POST").param("path", "/").param("body", "{}"))
                .andExpect(status().isForbidden())
                .andExpect(content().string(allOf(containsString("role=\"alert\""), not(containsString("<html")))));
        mvc.perform(multipart("/ns/team-a/functions").with(user("vera")).with(csrf()).param("name", "by-viewer")
                        .param("runtime", "python3.11").param("handler", "hello.handler").param("code", PYTHON))
                .andExpect(status().isForbidden());
        mvc.perform(post("/ns/team-a/triggers/crontriggers").with(user("vera")).with(csrf()).param("name", "v-tick")
                        .param("function", "a-fn").param("schedule", "@hourly").param("enabled", "on"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/ns/team-a/functions/new").with(user("vera"))).andExpect(status().isForbidden());

        assertThat(functions.get("team-a", "a-fn").spec().source().inline()).isEqualTo(PYTHON);
        assertThat(functions.list("team-a")).extracting(Function::name).containsExactly("a-fn");
        assertThat(cronTriggers.list("team-a")).isEmpty();
        assertThat(audit.of("team-a", 50)).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("vera");
            assertThat(entry.path()).isEqualTo("/ns/team-a/functions/a-fn/delete");
            assertThat(entry.status()).isEqualTo(403);
        });
    }

    @Test
    void aDeveloperWritesFunctionsAndTriggersAndInvokes() throws Exception {
        tenants();
        mvc.perform(get("/ns/team-a/functions/a-fn").with(user("devon"))).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"invoke-form\""), containsString("id=\"save\""),
                        not(containsString("<fieldset disabled")))));
        mvc.perform(multipart("/ns/team-a/functions").with(user("devon")).with(csrf()).param("name", "by-dev")
                        .param("runtime", "python3.11").param("handler", "hello.handler").param("code", PYTHON))
                .andExpect(status().isFound());
        mvc.perform(post("/ns/team-a/functions/by-dev/invoke").with(user("devon")).with(csrf())
                        .header("HX-Request", "true").param("method", "POST").param("path", "/").param("body", "{}"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Function not ready")));
        mvc.perform(post("/ns/team-a/triggers/crontriggers").with(user("devon")).with(csrf()).param("name", "d-tick")
                        .param("function", "by-dev").param("schedule", "@hourly").param("enabled", "on"))
                .andExpect(status().isFound());
        assertThat(cronTriggers.get("team-a", "d-tick").spec().function()).isEqualTo("by-dev");
        mvc.perform(post("/ns/team-a/functions/by-dev/delete").with(user("devon")).with(csrf()))
                .andExpect(status().isFound());
        assertThat(audit.of("team-a", 50)).anySatisfy(entry -> {
            assertThat(entry.actor()).isEqualTo("devon");
            assertThat(entry.path()).isEqualTo("/ns/team-a/functions/by-dev/delete");
            assertThat(entry.status()).isEqualTo(302);
        });
    }

    @Test
    void anotherTenantsNamespaceAnswersAsOneThatDoesNotExist() throws Exception {
        tenants();
        for (String path : new String[] {"/ns/team-b/functions", "/ns/team-b/functions/b-fn",
                "/ns/team-b/functions/b-fn/status", "/ns/team-b/functions/b-fn/logs/stream", "/ns/team-b/triggers"}) {
            mvc.perform(get(path).with(user("devon"))).andExpect(status().isNotFound())
                    .andExpect(content().string(allOf(containsString("namespace team-b does not exist"),
                            not(containsString("b-fn")))));
        }
        mvc.perform(get("/ns/no-such-ns/functions").with(user("devon"))).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("namespace no-such-ns does not exist")));
        mvc.perform(post("/ns/team-b/functions/b-fn/delete").with(user("devon")).with(csrf()))
                .andExpect(status().isNotFound());
        assertThat(functions.get("team-b", "b-fn")).isNotNull();
    }

    /**
     * Every console endpoint inside a namespace, read from the handler mappings (a new one is covered without being
     * listed): another tenant's namespace answers 404 to a developer, and a viewer's write is refused.
     */
    @Test
    void everyNamespacedEndpointHidesOtherTenantsAndRefusesViewersWrites() throws Exception {
        tenants();
        int checked = 0;
        for (var entry : handlerMappings.getHandlerMethods().entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/ns/{ns}")) {
                    continue;
                }
                var methods = entry.getKey().getMethodsCondition().getMethods();
                for (var method : methods.isEmpty() ? java.util.Set.of(org.springframework.web.bind.annotation.RequestMethod.GET) : methods) {
                    String elsewhere = fill(pattern, "team-b");
                    mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                                    .request(org.springframework.http.HttpMethod.valueOf(method.name()), elsewhere)
                                    .with(user("devon")).with(csrf()))
                            .andExpect(status().isNotFound())
                            .andExpect(content().string(containsString("namespace team-b does not exist")));
                    if (method != org.springframework.web.bind.annotation.RequestMethod.GET) {
                        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                                        .request(org.springframework.http.HttpMethod.valueOf(method.name()),
                                                fill(pattern, "team-a")).with(user("vera")).with(csrf()))
                                .andExpect(status().isForbidden());
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).as("namespaced console endpoints").isGreaterThan(15);
        assertThat(functions.list("team-b")).extracting(Function::name).containsExactly("b-fn");
        assertThat(functions.get("team-a", "a-fn").spec().source().inline()).isEqualTo(PYTHON);
    }

    private static String fill(String pattern, String namespace) {
        return pattern.replace("{ns}", namespace).replace("{name}", namespace.equals("team-b") ? "b-fn" : "a-fn")
                .replace("{kind}", "crontriggers").replace("{user}", "vera");
    }

    @Test
    void aNamespaceAdminManagesMembersAndReadsTheAuditLogAndNobodyElseDoes() throws Exception {
        tenants();
        credentials.saveUser("newcomer", "newcomer-password", Roles.USER);
        mvc.perform(post("/ns/team-a/functions/a-fn/delete").with(user("vera")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/ns/team-a/members").with(user("ada"))).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<td>vera</td>"), containsString("<td>devon</td>"),
                        containsString("POST /ns/team-a/functions/a-fn/delete"), containsString(">Members</a>"),
                        containsString("id=\"member-list\""), containsString("id=\"audit\""),
                        not(containsString("No members yet")), not(containsString("No writes yet.")))))
                .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                        .containsPattern("<form action=\"/ns/team-a/members/vera/remove\" method=\"post\"\\s+"
                                + "onsubmit=\"return confirm\\((&#39;|')Remove vera from team-a\\?(&#39;|')\\)\">"
                                + "<input type=\"hidden\" name=\"_csrf\"")
                        .contains("aria-label=\"Remove vera\">Remove</button>"));
        mvc.perform(get("/ns/team-a/functions").with(user("devon")))
                .andExpect(content().string(not(containsString(">Members</a>"))));

        mvc.perform(post("/ns/team-a/members").with(user("ada")).with(csrf()).param("user", "newcomer")
                .param("role", "viewer")).andExpect(status().isFound()).andExpect(redirectedUrl("/ns/team-a/members"));
        assertThat(members.role("team-a", "newcomer")).contains(NamespaceRole.VIEWER);
        mvc.perform(post("/ns/team-a/members").with(user("ada")).with(csrf()).param("user", "newcomer")
                .param("role", "developer")).andExpect(status().isFound());
        assertThat(members.role("team-a", "newcomer")).contains(NamespaceRole.DEVELOPER);
        mvc.perform(post("/ns/team-a/members").with(user("ada")).with(csrf()).header("HX-Request", "true")
                        .param("user", "ghost").param("role", "viewer"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("user ghost does not exist"), not(containsString("<html")))));
        mvc.perform(post("/ns/team-a/members/newcomer/remove").with(user("ada")).with(csrf()))
                .andExpect(status().isFound());
        assertThat(members.role("team-a", "newcomer")).isEmpty();

        mvc.perform(get("/ns/team-a/members").with(user("devon"))).andExpect(status().isForbidden());
        mvc.perform(post("/ns/team-a/members").with(user("devon")).with(csrf()).param("user", "devon")
                .param("role", "admin")).andExpect(status().isForbidden());
        assertThat(members.role("team-a", "devon")).contains(NamespaceRole.DEVELOPER);
        mvc.perform(get("/ns/team-b/members").with(user("ada"))).andExpect(status().isNotFound());
    }

    // --- API tokens: the user's own, scoped, shown once, revocable ---

    @Test
    void aUserCreatesATokenForTheirNamespaceSeesItOnceAndItsLastUse() throws Exception {
        tenants();
        String html = mvc.perform(post("/tokens").with(user("devon")).with(csrf()).param("name", "ci-deploy")
                        .param("namespaces", "team-a").param("role", "developer").param("expiresInDays", "30"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        java.util.regex.Matcher secret = java.util.regex.Pattern.compile("id=\"new-token\"[^>]*value=\"(nubo_[^\"]+)\"")
                .matcher(html);
        assertThat(secret.find()).as("the new token's value on the page").isTrue();
        String value = secret.group(1);
        CredentialStore.Token stored = credentials.token(value).orElseThrow(); // it works, and this is its first use
        assertThat(stored.subject()).isEqualTo("devon");
        assertThat(stored.namespaces()).containsExactly("team-a");
        assertThat(stored.role()).isEqualTo("developer");
        assertThat(stored.expiresAt()).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(29)),
                java.time.Instant.now().plus(java.time.Duration.ofDays(31)));

        mvc.perform(get("/tokens").with(user("devon"))).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("<td>ci-deploy</td>"), not(containsString(value)))))
                .andExpect(result -> assertThat(lastUsed(result.getResponse().getContentAsString(), stored.id()))
                        .endsWith("UTC"));
        mvc.perform(get("/tokens").with(user("vera")))
                .andExpect(content().string(allOf(not(containsString("<td>ci-deploy</td>")),
                        containsString("You have no tokens."), not(containsString("id=\"token-list\"")))));
    }

    @Test
    void aTokenCannotHoldMoreThanItsUsersRoleNorANamespaceTheyCannotSee() throws Exception {
        tenants();
        mvc.perform(post("/tokens").with(user("vera")).with(csrf()).header("HX-Request", "true")
                        .param("name", "too-much").param("namespaces", "team-a").param("role", "developer"))
                .andExpect(status().isForbidden())
                .andExpect(content().string(allOf(containsString("your role in team-a is viewer"),
                        containsString("id=\"token-form\""), not(containsString("<html")))));
        mvc.perform(post("/tokens").with(user("vera")).with(csrf()).param("name", "elsewhere")
                        .param("namespaces", "team-b").param("role", "viewer"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("namespace team-b does not exist")));
        mvc.perform(post("/tokens").with(user("vera")).with(csrf()).param("name", "").param("role", "viewer")
                        .param("expiresInDays", "999"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(allOf(containsString("a name of 1 to 63 characters"),
                        containsString("1 to 366 days"), containsString("at least one namespace"))));
        mvc.perform(post("/tokens").with(user("vera")).param("name", "nocsrf").param("namespaces", "team-a")
                .param("role", "viewer")).andExpect(status().isForbidden());
        assertThat(credentials.tokens("vera")).isEmpty();
    }

    @Test
    void aUserRevokesTheirOwnTokenButNotSomeoneElses() throws Exception {
        tenants();
        var mine = credentials.issueToken("vera", "mine", NamespaceRole.VIEWER, java.util.Set.of("team-a"), null);
        var theirs = credentials.issueToken("devon", "theirs", NamespaceRole.VIEWER, java.util.Set.of("team-a"), null);
        mvc.perform(post("/tokens/" + theirs.token().id() + "/revoke").with(user("vera")).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/tokens/" + mine.token().id() + "/revoke").with(user("vera")).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/tokens"));
        assertThat(credentials.token(mine.value())).isEmpty();
        assertThat(credentials.token(theirs.value())).isPresent();
    }

    private static String lastUsed(String html, String id) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"token-" + id
                + "\"[\\s\\S]*?class=\"last-used\">([^<]*)<").matcher(html);
        return m.find() ? m.group(1) : "";
    }

    // --- functions ---

    @Test
    void anEmptyNamespaceSaysHowToStart() throws Exception {
        namespaces.create("empty-ns");
        mvc.perform(get("/ns/empty-ns/functions").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("No functions yet"),
                        containsString("Create your first function"), containsString("<option value=\"empty-ns\""))));
    }

    @Test
    void emptyListsSaySoInsteadOfShowingAnEmptyTable() throws Exception {
        namespaces.create("quiet-ns");
        String triggers = mvc.perform(get("/ns/quiet-ns/triggers").with(admin())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(triggers).doesNotContain("<table");
        assertThat(triggers.split("None yet\\.", -1)).as("one sentence per trigger kind").hasSize(5);
        mvc.perform(get("/ns/quiet-ns/members").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("No members yet"), not(containsString("<table")))));
    }

    @Test
    void aFunctionCreatedInTheEditorIsListedAndTheFilterAnswersWithRowsOnly() throws Exception {
        mvc.perform(multipart("/ns/default/functions").with(admin()).with(csrf()).param("name", "editor-fn")
                        .param("runtime", "python3.11").param("handler", "hello.handler").param("code", PYTHON)
                        .param("env", "GREETING=hi\n").param("timeoutSeconds", "12"))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/ns/default/functions/editor-fn"));
        Function stored = functions.get("default", "editor-fn");
        assertThat(stored.spec().source().inline()).isEqualTo(PYTHON);
        assertThat(stored.spec().env()).containsEntry("GREETING", "hi");
        assertThat(stored.spec().timeoutSeconds()).isEqualTo(12);

        mvc.perform(get("/ns/default/functions").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("editor-fn"), containsString("python3.11"),
                        containsString("<html"))));
        mvc.perform(get("/ns/default/functions").param("q", "EDITOR").header("HX-Request", "true").with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("editor-fn"), not(containsString("<html")))));
        mvc.perform(get("/ns/default/functions").param("q", "zzz").header("HX-Request", "true").with(admin()))
                .andExpect(content().string(allOf(containsString("No function name contains"),
                        not(containsString("editor-fn")))));
    }

    @Test
    void aFailedBuildShowsEveryConditionWithTheBuildsLastLinesAndStopsAsking() throws Exception {
        Function created = create("broken-fn");
        String lastLines = "exit 1\n  File \"hello.py\", line 2\n    return 'hi\nSyntaxError: unterminated string literal";
        functionStore.updateStatus("default", "broken-fn", new dev.nubo.core.function.FunctionStatus(
                dev.nubo.core.function.FunctionPhase.Failed,
                java.util.List.of(
                        dev.nubo.core.model.Condition.of("BuildSucceeded", "False", "CompileFailed", lastLines),
                        dev.nubo.core.model.Condition.of("Ready", "False", "BuildFailed",
                                "no replica runs: the build failed")),
                created.generation(), new dev.nubo.core.function.FunctionStatus.Replicas(0, 1), null));

        String panel = mvc.perform(get("/ns/default/functions/broken-fn/status").header("HX-Request", "true")
                        .with(admin()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(panel).contains(">Failed<", "<td>BuildSucceeded</td>", "<td>CompileFailed</td>",
                        "<td>Ready</td>", "no replica runs: the build failed", "replicas 0/1 ready")
                // the message keeps its lines (a <pre>), escaped
                .containsPattern("<pre class=\"message\">exit 1\n  File &quot;hello.py&quot;, line 2\n[\\s\\S]*"
                        + "SyntaxError: unterminated string literal</pre>")
                .doesNotContain("hx-get", "<html");
        mvc.perform(get("/ns/default/functions").param("q", "broken-fn").header("HX-Request", "true").with(admin()))
                .andExpect(content().string(allOf(containsString("phase-Failed"),
                        not(containsString("hx-get=\"/ns/default/functions/broken-fn/badge\"")))));
    }

    @Test
    void aReadyFunctionShowsItsLastReplicaFailureAndItsLastScaling() throws Exception {
        Function created = create("crashed-once");
        functionStore.updateStatus("default", "crashed-once", new dev.nubo.core.function.FunctionStatus(
                dev.nubo.core.function.FunctionPhase.Ready, java.util.List.of(), created.generation(),
                new dev.nubo.core.function.FunctionStatus.Replicas(1, 1), null,
                new dev.nubo.core.function.FunctionStatus.ScalingDecision(java.time.Instant.parse(
                        "2026-12-05T10:01:30.250Z"), 0, 1, "a call woke it"),
                new dev.nubo.core.function.FunctionStatus.ReplicaFailure(java.time.Instant.parse("2026-12-05T10:00:00Z"),
                        "ReplicaCrashed", "replica exited with code 3. Last output:\n<boom>", 2)));

        String panel = mvc.perform(get("/ns/default/functions/crashed-once/status").header("HX-Request", "true")
                        .with(admin()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(panel).contains(">Ready<", "Last replica failure: <strong>ReplicaCrashed</strong>",
                "2026-12-05 10:00:00 UTC", "2 failures</span> so far",
                "<pre class=\"message\">replica exited with code 3. Last output:\n&lt;boom&gt;</pre>",
                "<strong>0 → 1</strong> replicas at", "2026-12-05 10:01:30 UTC", "a call woke it");
    }

    @Test
    void aBadgeAsksAgainWhileTheFunctionBuildsAndStopsOnceReady() throws Exception {
        Function created = create("badge-fn");
        mvc.perform(get("/ns/default/functions/badge-fn/badge").header("HX-Request", "true").with(admin()))
                .andExpect(content().string(allOf(containsString("hx-get=\"/ns/default/functions/badge-fn/badge\""),
                        containsString("Pending"))));
        functionStore.updateStatus("default", "badge-fn", new dev.nubo.core.function.FunctionStatus(
                dev.nubo.core.function.FunctionPhase.Ready, java.util.List.of(), created.generation(),
                new dev.nubo.core.function.FunctionStatus.Replicas(2, 2), null));
        mvc.perform(get("/ns/default/functions/badge-fn/badge").header("HX-Request", "true").with(admin()))
                .andExpect(content().string(allOf(containsString(">Ready<"), not(containsString("hx-get")))));
        mvc.perform(get("/ns/default/functions").param("q", "badge-fn").with(admin()))
                .andExpect(content().string(containsString("<td>2/2</td>")));
    }

    /** The back button, when htmx's history cache has lost the page, asks with HX-Request too: it gets the page. */
    @Test
    void aHistoryRestoreGetsTheWholePageNotAFragment() throws Exception {
        mvc.perform(get("/ns/default/functions").param("q", "x").header("HX-Request", "true")
                        .header("HX-History-Restore-Request", "true").with(admin()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("<html")));
    }

    @Test
    void htmxGetsARedirectHeaderAfterACreate() throws Exception {
        mvc.perform(multipart("/ns/default/functions").with(admin()).with(csrf()).header("HX-Request", "true")
                        .param("name", "htmx-fn").param("runtime", "python3.11").param("handler", "hello.handler")
                        .param("code", PYTHON))
                .andExpect(status().isNoContent())
                .andExpect(header().string("HX-Redirect", "/ns/default/functions/htmx-fn"));
    }

    @Test
    void anInvalidFunctionIsRefusedWithTheValidatorsMessagesBesideTheFields() throws Exception {
        mvc.perform(multipart("/ns/default/functions").with(admin()).with(csrf()).header("HX-Request", "true")
                        .param("name", "Bad_Name").param("runtime", "cobol").param("handler", "bad handler!")
                        .param("code", PYTHON).param("env", "novalue"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(allOf(containsString("id=\"create-form\""),
                        containsString("aria-invalid=\"true\""), containsString("is not KEY=value"),
                        not(containsString("<html")), not(containsString("Exception")))));
        assertThat(functions.list("default")).extracting(Function::name).doesNotContain("Bad_Name");
    }

    @Test
    void inlineValidationAnswersOneMessagePerFieldAndStoresNothing() throws Exception {
        mvc.perform(post("/ns/default/functions/validate").with(admin()).with(csrf()).header("HX-Request", "true")
                        .param("name", "ok-name").param("runtime", "python3.11").param("handler", "bad handler!")
                        .param("code", PYTHON))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"err-handler\""),
                        containsString("hx-swap-oob=\"true\""))))
                .andExpect(result -> assertThat(handlerMessage(result.getResponse().getContentAsString())).isNotBlank())
                .andExpect(result -> assertThat(fieldMessage(result.getResponse().getContentAsString(), "name")).isBlank());
        assertThat(functions.list("default")).extracting(Function::name).doesNotContain("ok-name");
    }

    @Test
    void theRuntimePickerAnswersTheStarterTemplateOfThatRuntime() throws Exception {
        mvc.perform(get("/ns/default/functions/new").param("runtime", "nodejs20").header("HX-Request", "true")
                        .with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("module.exports"),
                        containsString("data-mode=\"javascript\""), not(containsString("<html")))));
        mvc.perform(get("/ns/default/functions/new").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("def handler(event, context)"),
                        containsString("codemirror.js"), containsString("Import a Kubeless manifest"))));
    }

    @Test
    void anUploadedZipBecomesTheFunctionsSource() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("hello.py"));
            out.write(PYTHON.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        mvc.perform(multipart("/ns/default/functions")
                        .file(new MockMultipartFile("upload", "code.zip", "application/zip", zip.toByteArray()))
                        .with(admin()).with(csrf()).param("name", "zipped").param("runtime", "python3.11")
                        .param("handler", "hello.handler").param("code", ""))
                .andExpect(status().isFound());
        assertThat(functions.get("default", "zipped").spec().source().zip()).isNotBlank();

        mvc.perform(multipart("/ns/default/functions")
                        .file(new MockMultipartFile("upload", "code.tar.gz", "application/gzip",
                                dev.nubo.core.source.Archives.tarGz(java.util.Map.of("hello.py", PYTHON))))
                        .with(admin()).with(csrf()).param("name", "tarred").param("runtime", "python3.11")
                        .param("handler", "hello.handler").param("code", ""))
                .andExpect(status().isFound());
        assertThat(functions.get("default", "tarred").spec().source().tarGz()).isNotBlank();

        mvc.perform(multipart("/ns/default/functions")
                        .file(new MockMultipartFile("upload", "hello.py", "text/x-python", PYTHON.getBytes(StandardCharsets.UTF_8)))
                        .with(admin()).with(csrf()).param("name", "one-file").param("runtime", "python3.11")
                        .param("handler", "hello.handler").param("code", "the editor's text, replaced by the file"))
                .andExpect(status().isFound());
        assertThat(functions.get("default", "one-file").spec().source().inline()).isEqualTo(PYTHON);
        // the form shows a progress bar for the upload (console.js fills it while the file is sent)
        mvc.perform(get("/ns/default/functions/new").with(admin()))
                .andExpect(content().string(containsString("<progress id=\"upload-progress\" class=\"upload-progress\"")));
    }

    @Test
    void aKubelessManifestIsImported() throws Exception {
        String yaml = """
                apiVersion: kubeless.io/v1beta1
                kind: Function
                metadata:
                  name: imported
                spec:
                  runtime: python3.11
                  handler: hello.handler
                  function: |
                    def handler(event, context):
                        return "imported"
                """;
        mvc.perform(multipart("/ns/default/functions/import").with(admin()).with(csrf()).param("manifest", yaml))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/ns/default/functions/imported"));
        assertThat(functions.get("default", "imported").spec().source().inline()).contains("imported");
        mvc.perform(multipart("/ns/default/functions/import").with(admin()).with(csrf()).param("manifest", "a: [")
                        .header("HX-Request", "true"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(allOf(containsString("not valid YAML"), containsString("role=\"alert\""))));
    }

    @Test
    void theFunctionPageShowsStatusCodeAndSettingsAndTheStatusFragmentPollsUntilSettled() throws Exception {
        create("page-fn");
        mvc.perform(get("/ns/default/functions/page-fn").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Pending"), containsString("def handler"),
                        containsString("sse-connect=\"/ns/default/functions/page-fn/logs/stream\""),
                        containsString("Invoke"), containsString("name=\"generation\" value=\"1\""))));
        mvc.perform(get("/ns/default/functions/page-fn/status").header("HX-Request", "true").with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("hx-get=\"/ns/default/functions/page-fn/status\""),
                        not(containsString("<html")))));
    }

    @Test
    void savingTheEditorUpdatesTheFunctionAndAStaleVersionIsAConflictShownInPlace() throws Exception {
        Function created = create("edit-fn");
        String newCode = "def handler(event, context):\n    return 'v2'\n";
        mvc.perform(multipart("/ns/default/functions/edit-fn").with(admin()).with(csrf()).param("name", "edit-fn")
                        .param("runtime", "python3.11").param("handler", "hello.handler").param("code", newCode)
                        .param("generation", "1"))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/ns/default/functions/edit-fn"));
        Function updated = functions.get("default", "edit-fn");
        assertThat(updated.spec().source().inline()).isEqualTo(newCode);
        assertThat(updated.generation()).isEqualTo(2);

        mvc.perform(multipart("/ns/default/functions/edit-fn").with(admin()).with(csrf()).header("HX-Request", "true")
                        .param("name", "edit-fn").param("runtime", "python3.11").param("handler", "hello.handler")
                        .param("code", PYTHON).param("generation", "1"))
                .andExpect(status().isConflict()).andExpect(content().string(containsString("role=\"alert\"")));
        assertThat(functions.get("default", "edit-fn").spec().source().inline()).isEqualTo(newCode);
    }

    @Test
    void anInvokeOfAFunctionWithoutReplicasShowsWhyInThePanel() throws Exception {
        create("cold-fn");
        mvc.perform(post("/ns/default/functions/cold-fn/invoke").with(admin()).with(csrf())
                        .header("HX-Request", "true").param("method", "POST").param("path", "/")
                        .param("contentType", "application/json").param("body", "{}"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Function not ready"), not(containsString("<html")))));
    }

    @Test
    void aMissingFunctionIsAReadable404NotAStackTrace() throws Exception {
        mvc.perform(get("/ns/default/functions/ghost").with(admin())).andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("function ghost not found"),
                        containsString("FUNCTION_NOT_FOUND"), not(containsString("Exception")),
                        not(containsString("at dev.nubo")))));
    }

    @Test
    void anAddressInANamespaceThatNoPageAnswersIsTheConsoles404Page() throws Exception {
        mvc.perform(get("/ns/default/functions/ghost/nowhere").with(admin())).andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("there is no page at /ns/default/functions/ghost/nowhere"),
                        containsString("<html"), containsString("Log out"), containsString("NOT_FOUND"))));
        mvc.perform(get("/ns/default/nowhere").header("HX-Request", "true").with(admin()))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("role=\"alert\""), not(containsString("<html")))));
    }

    /** What fails outside the console's controllers (an address nothing answers) reaches Boot's /error page. */
    @Test
    void anAddressNothingAnswersIsAReadablePageNotAStackTrace() throws Exception {
        mvc.perform(get("/error").with(admin()).accept(org.springframework.http.MediaType.TEXT_HTML)
                        .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 404)
                        .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/ns/default/nowhere"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(allOf(containsString("There is no page at /ns/default/nowhere."),
                        containsString("Back to the functions"), not(containsString("Exception")),
                        not(containsString("Whitelabel")))));
    }

    @Test
    void deleteRemovesTheFunction() throws Exception {
        create("doomed");
        mvc.perform(post("/ns/default/functions/doomed/delete").with(admin()).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/ns/default/functions"));
        assertThat(functions.list("default")).extracting(Function::name).doesNotContain("doomed");
    }

    @Test
    void theNamespaceSwitchGoesToTheSameSectionOfTheOtherNamespace() throws Exception {
        mvc.perform(get("/ns").param("ns", "team-a").param("section", "triggers").with(admin()))
                .andExpect(redirectedUrl("/ns/team-a/triggers"));
    }

    // --- triggers ---

    @Test
    void theCronFormPreviewsTheNextFireTimesAndRefusesABadSchedule() throws Exception {
        mvc.perform(get("/ns/default/triggers/crontriggers/preview").param("schedule", "0 6 * * *")
                        .param("timeZone", "UTC").header("HX-Request", "true").with(admin()))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()
                        .split("T06:00:00Z", -1)).hasSize(6));
        mvc.perform(get("/ns/default/triggers/crontriggers/preview").param("schedule", "61 * * * *")
                        .header("HX-Request", "true").with(admin()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("class=\"problem\"")));
        mvc.perform(post("/ns/default/triggers/crontriggers").with(admin()).with(csrf()).param("name", "bad-cron")
                        .param("function", "x").param("schedule", "not a schedule").param("enabled", "on"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(allOf(containsString("aria-invalid=\"true\""), containsString("<html"))));
        assertThat(cronTriggers.list("default")).extracting(CronTrigger::name).doesNotContain("bad-cron");
    }

    @Test
    void aCronTriggerIsCreatedListedDisabledEditedAndDeleted() throws Exception {
        create("cron-target");
        mvc.perform(post("/ns/default/triggers/crontriggers").with(admin()).with(csrf()).param("name", "tick")
                        .param("function", "cron-target").param("schedule", "*/5 * * * *").param("timeZone", "UTC")
                        .param("payload", "{\"n\": 1}").param("enabled", "on"))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/ns/default/triggers"));
        assertThat(cronTriggers.get("default", "tick").spec().payload()).isNotNull();
        mvc.perform(get("/ns/default/triggers").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("tick"), containsString("*/5 * * * *"),
                        containsString("id=\"trigger-tick\""))));

        mvc.perform(post("/ns/default/triggers/crontriggers/tick/enabled").param("enabled", "false")
                        .header("HX-Request", "true").with(admin()).with(csrf()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("aria-label=\"Enable tick\"")));
        assertThat(cronTriggers.get("default", "tick").spec().isEnabled()).isFalse();

        String version = Long.toString(cronTriggers.get("default", "tick").generation());
        mvc.perform(get("/ns/default/triggers/crontriggers/tick").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"*/5 * * * *\"")));
        mvc.perform(post("/ns/default/triggers/crontriggers/tick").with(admin()).with(csrf()).param("name", "tick")
                        .param("function", "cron-target").param("schedule", "@hourly").param("timeZone", "UTC")
                        .param("generation", version))
                .andExpect(status().isFound());
        assertThat(cronTriggers.get("default", "tick").spec().schedule()).isEqualTo("@hourly");

        mvc.perform(post("/ns/default/triggers/crontriggers/tick/delete").with(admin()).with(csrf()))
                .andExpect(redirectedUrl("/ns/default/triggers"));
        assertThat(cronTriggers.list("default")).extracting(CronTrigger::name).doesNotContain("tick");
    }

    @Test
    void eachTriggerShowsItsLiveStatusLastFireAndLastError() throws Exception {
        create("status-target");
        cronTriggers.create("default", cron("watched", "status-target", "*/5 * * * *"));
        cronTriggers.create("default", cron("orphan", "gone-fn", "@hourly"));
        cronTriggers.create("default", cron("once", "status-target", "@daily"));
        java.time.Instant fired = java.time.Instant.parse("2026-12-04T10:15:00Z");
        cronStore.updateStatus("default", "watched", new dev.nubo.core.trigger.TriggerStatus(
                java.util.List.of(dev.nubo.core.model.Condition.of("Ready", "True", "Active", "armed")), 1L,
                java.util.List.of("status-target"),
                new dev.nubo.core.trigger.TriggerStatus.Fire(fired, "status-target", 200, "200 in 12 ms", "e-2"),
                new dev.nubo.core.trigger.TriggerStatus.Fire(fired.minusSeconds(300), "status-target", 500,
                        "500 in 3 ms", "e-1"),
                new dev.nubo.core.trigger.TriggerStatus.Counts(7, 1, 0),
                java.util.List.of(java.time.Instant.parse("2026-12-04T10:20:00Z")), null));
        cronStore.updateStatus("default", "orphan", new dev.nubo.core.trigger.TriggerStatus(
                java.util.List.of(dev.nubo.core.model.Condition.of("Ready", "False", "FunctionNotFound",
                        "function gone-fn does not exist")), 1L, null, null, null, null, null, null));
        cronStore.updateStatus("default", "once", new dev.nubo.core.trigger.TriggerStatus(
                java.util.List.of(dev.nubo.core.model.Condition.of("Ready", "True", "Active", "armed")), 1L,
                java.util.List.of("status-target"), null, null, new dev.nubo.core.trigger.TriggerStatus.Counts(1, 0, 0),
                null, null));

        // the tables refresh themselves: the fragment carries the same every-3s poll
        String tables = mvc.perform(get("/ns/default/triggers").header("HX-Request", "true").with(admin()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(tables).contains("hx-trigger=\"every 3s\"").doesNotContain("<html");
        String watched = row(tables, "watched");
        assertThat(watched).contains(">Active<", "10:15:00 → 200", "error: 500 in 3 ms", "7 calls, 1 failed",
                "next 10:20:00 UTC");
        assertThat(row(tables, "orphan")).contains(">FunctionNotFound<", "function gone-fn does not exist");
        assertThat(row(tables, "once")).contains("1 call, 0 failed");
    }

    private static CronTrigger cron(String name, String function, String schedule) {
        return CronTrigger.of(dev.nubo.core.model.ObjectMeta.named("default", name),
                new CronTriggerSpec(function, null, schedule, null, null, null, null, null, true));
    }

    private static String row(String html, String trigger) {
        int start = html.indexOf("id=\"trigger-" + trigger + "\"");
        assertThat(start).as("row of trigger %s", trigger).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    @Test
    void httpAndKafkaTriggersAreCreatedFromTheirForms() throws Exception {
        create("hook-target");
        mvc.perform(post("/ns/default/triggers/httptriggers").with(admin()).with(csrf()).param("name", "hook")
                        .param("function", "hook-target").param("path", "/hook").param("methods", "post, get")
                        .param("enabled", "on"))
                .andExpect(status().isFound());
        mvc.perform(post("/ns/default/triggers/kafkatriggers").with(admin()).with(csrf()).param("name", "orders")
                        .param("function", "hook-target").param("topics", "orders, refunds").param("startFrom", "earliest")
                        .param("enabled", "on"))
                .andExpect(status().isFound());
        mvc.perform(get("/ns/default/triggers").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("/hook"), containsString("orders, refunds"))));
        mvc.perform(get("/ns/default/triggers/kafkatriggers/new").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"topics\"")));
    }

    @Test
    void aNatsTriggerIsCreatedEditedAndListedLikeTheOtherKinds() throws Exception {
        create("nats-target");
        mvc.perform(get("/ns/default/triggers/natstriggers/new").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("name=\"subject\""), containsString("New NatsTrigger"))));
        mvc.perform(post("/ns/default/triggers/natstriggers").with(admin()).with(csrf()).param("name", "on-orders")
                        .param("function", "nats-target").param("subject", "").param("enabled", "on"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("aria-invalid=\"true\"")));
        mvc.perform(post("/ns/default/triggers/natstriggers").with(admin()).with(csrf()).param("name", "on-orders")
                        .param("function", "nats-target").param("subject", "orders.*").param("startFrom", "earliest")
                        .param("enabled", "on"))
                .andExpect(status().isFound());
        assertThat(natsTriggers.get("default", "on-orders").spec().subject()).isEqualTo("orders.*");
        mvc.perform(get("/ns/default/triggers").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("NATS"), containsString("orders.*"),
                        containsString("New NATS"))));
        mvc.perform(get("/ns/default/triggers/natstriggers/on-orders").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"orders.*\"")));
    }

    @Test
    void theKafkaFormListsTheClustersTopicsAndFallsBackToTypingThem() throws Exception {
        create("kafka-target");
        mvc.perform(get("/ns/default/triggers/kafkatriggers/new").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("type=\"checkbox\" name=\"topics\" value=\"orders\""),
                        containsString("value=\"payments\""), containsString("Other topics"))));
        mvc.perform(post("/ns/default/triggers/kafkatriggers").with(admin()).with(csrf()).param("name", "picked")
                        .param("function", "kafka-target").param("topics", "orders").param("topics", "refunds, audit")
                        .param("startFrom", "latest").param("enabled", "on"))
                .andExpect(status().isFound());
        assertThat(kafkaTriggers.get("default", "picked").spec().topics()).containsExactly("orders", "refunds", "audit");
        mvc.perform(get("/ns/default/triggers/kafkatriggers/picked").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("value=\"orders\" checked"),
                        containsString("value=\"refunds, audit\""))));

        ConsoleTestApplication.topics = TopicCatalog.Topics.unavailable("the broker did not answer");
        try {
            mvc.perform(get("/ns/default/triggers/kafkatriggers/new").with(admin())).andExpect(status().isOk())
                    .andExpect(content().string(allOf(containsString("cannot be listed: the broker did not answer"),
                            not(containsString("type=\"checkbox\" name=\"topics\"")))));
        } finally {
            ConsoleTestApplication.topics = new TopicCatalog.Topics(java.util.List.of("orders", "payments"), null);
        }
    }

    private Function create(String name) {
        return create("default", name);
    }

    private Function create(String namespace, String name) {
        return functions.create(namespace, Function.of(dev.nubo.core.model.ObjectMeta.named(namespace, name),
                FunctionSpecBuilder.python(PYTHON).build()));
    }

    private static String handlerMessage(String html) {
        return fieldMessage(html, "handler");
    }

    private static String fieldMessage(String html, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("id=\"err-" + field + "\"[^>]*>([^<]*)</small>").matcher(html);
        return m.find() ? m.group(1) : null;
    }
}
