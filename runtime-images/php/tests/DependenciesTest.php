<?php

declare(strict_types=1);

namespace Nubo\Tests;

/**
 * Dependencies the way the platform handles them: runtime.json's install in the deps dir, then start
 * (or specialize) with runtime.json's env.
 */
final class DependenciesTest extends TestCase
{
    private string $work;
    private string $depsDir;
    private ?ServerProcess $server = null;

    public function setUp(): void
    {
        $this->work = sys_get_temp_dir() . '/nubo-php-deps-' . bin2hex(random_bytes(4));
        $this->depsDir = "{$this->work}/deps";
        mkdir($this->depsDir, 0777, true);
        mkdir("{$this->work}/cache");
    }

    public function tearDown(): void
    {
        $this->server?->stop();
        exec('rm -rf ' . escapeshellarg($this->work));
    }

    public function testAFunctionWithoutDependenciesRunsWithTheRuntimeEnv(): void
    {
        $this->server = $this->startWithDeps('calls.handler');
        $this->assertSame('hello world', $this->server->get('/text')->body);
    }

    public function testAPackageFromALocalPathIsInstalledAndAutoloaded(): void
    {
        $this->composerJson(['repositories' => [['type' => 'path', 'url' => $this->makePackage()]],
            'require' => ['nubo/greeter' => '*']]);
        [$exitCode, $output] = $this->install();
        $this->assertSame(0, $exitCode, $output);
        $this->assertTrue(is_file("{$this->depsDir}/vendor/autoload.php"));
        $this->server = $this->startWithDeps('uses_package.handler');
        $this->assertSame('hello Ada from nubo/greeter', $this->server->post('/', 'Ada')->body);
    }

    public function testASpecializedServerAutoloadsFromTheGivenDepsDir(): void
    {
        $this->composerJson(['repositories' => [['type' => 'path', 'url' => $this->makePackage()]],
            'require' => ['nubo/greeter' => '*']]);
        $this->assertSame(0, $this->install()[0]);
        mkdir("{$this->work}/pool-deps");
        $this->server = ServerProcess::start(env: $this->runtimeEnv("{$this->work}/pool-deps"));
        $response = $this->server->post('/_nubo/specialize', json_encode(['codeDir' => realpath(self::FUNCTIONS_DIR),
            'handler' => 'uses_package.handler', 'depsDir' => $this->depsDir]));
        $this->assertSame(200, $response->status, $response->body);
        $this->assertSame('hello Bob from nubo/greeter', $this->server->post('/', 'Bob')->body);
    }

    public function testAMissingPackageFailsTheCall(): void
    {
        $this->server = $this->startWithDeps('uses_package.handler');
        $response = $this->server->post('/', 'Ada');
        $this->assertSame([500, 'Error: Class "Nubo\Greeter\Greeter" not found'], [$response->status, $response->body]);
    }

    public function testAnUnreachableRegistryFailsFastWithItsMessage(): void
    {
        $this->composerJson(['require' => ['monolog/monolog' => '^3']]);
        $started = microtime(true);
        [$exitCode, $output] = $this->install();
        $this->assertTrue($exitCode !== 0, 'install failed');
        $this->assertLessThan(60, microtime(true) - $started);
        $this->assertContains('packagist.org', $output);
    }

    public function testARegistryThatNeverAnswersFailsAtTheDeadline(): void
    {
        $blackhole = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr(strrchr(stream_socket_get_name($blackhole, false), ':'), 1);
        $this->composerJson([
            'repositories' => [['type' => 'composer', 'url' => "http://127.0.0.1:{$port}"], ['packagist.org' => false]],
            'require' => ['monolog/monolog' => '^3'], 'config' => ['secure-http' => false],
        ]);
        $started = microtime(true);
        [$exitCode, $output] = $this->install(['NUBO_INSTALL_DEADLINE_SECONDS' => '2']);
        $this->assertTrue($exitCode !== 0, 'install failed');
        $this->assertLessThan(10, microtime(true) - $started);
        $this->assertContains('composer install did not finish within 2 s', $output);
        fclose($blackhole);
    }

    private function composerJson(array $content): void
    {
        file_put_contents("{$this->depsDir}/composer.json", json_encode($content, JSON_UNESCAPED_SLASHES));
    }

    private function makePackage(): string
    {
        $dir = "{$this->work}/greeter";
        mkdir("{$dir}/src", 0777, true);
        file_put_contents("{$dir}/composer.json", json_encode(['name' => 'nubo/greeter', 'version' => '1.0.0',
            'autoload' => ['psr-4' => ['Nubo\\Greeter\\' => 'src/']]]));
        file_put_contents("{$dir}/src/Greeter.php", "<?php\nnamespace Nubo\\Greeter;\nfinal class Greeter\n{\n"
            . "    public static function greet(string \$name): string\n    {\n"
            . "        return \"hello {\$name} from nubo/greeter\";\n    }\n}\n");
        return $dir;
    }

    private function values(string $depsDir): array
    {
        return ['codeDir' => realpath(self::FUNCTIONS_DIR), 'depsDir' => $depsDir, 'buildDir' => "{$this->work}/build",
            'cacheDir' => "{$this->work}/cache"];
    }

    private function startWithDeps(string $handler): ServerProcess
    {
        return ServerProcess::start(self::FUNCTIONS_DIR, $handler, $this->runtimeEnv($this->depsDir));
    }

    private function runtimeEnv(string $depsDir): array
    {
        return RuntimeJson::env('env', $this->values($depsDir));
    }

    /** Runs runtime.json's install in the deps dir; returns its exit code and output. */
    private function install(array $extraEnv = []): array
    {
        $env = ['PATH' => '/usr/local/bin:/usr/bin:/bin', 'HOME' => "{$this->work}/cache/home", 'LANG' => 'C.UTF-8']
            + RuntimeJson::env('buildEnv', $this->values($this->depsDir)) + $extraEnv;
        $log = "{$this->work}/install.log";
        $files = [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']];
        $process = proc_open(RuntimeJson::command('install', $this->values($this->depsDir)), $files, $pipes,
            $this->depsDir, $env);
        $exitCode = proc_close($process);
        return [$exitCode, file_get_contents($log)];
    }
}
