"""requirements.txt installed with runtime.json's install command, then imported by a function."""
import base64
import hashlib
import os
import socket
import subprocess
import time
import zipfile

from support import DESCRIPTOR, ServerTestCase, base_environment, expand

WHEEL_FILES = {
    "nubo_demo_dep/__init__.py": "VALUE = 'from the wheel'\n",
    "nubo_demo.pth": "nubo_demo_extra\n",  # a path line: site.addsitedir puts <deps>/nubo_demo_extra on sys.path
    "nubo_demo_extra/nubo_demo_extra_mod.py": "VALUE = 'via a .pth file'\n",
    "nubo_demo_dep-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: nubo-demo-dep\nVersion: 1.0\n",
    "nubo_demo_dep-1.0.dist-info/WHEEL":
        "Wheel-Version: 1.0\nGenerator: nubo-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
INSTALL_DEADLINE_SECONDS = 30


def build_wheel(directory):
    """A wheel is a zip with a .dist-info folder; PyPI is not reachable from the tests."""
    records = []
    path = os.path.join(directory, "nubo_demo_dep-1.0-py3-none-any.whl")
    with zipfile.ZipFile(path, "w") as wheel:
        for name, content in WHEEL_FILES.items():
            data = content.encode("utf-8")
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
            records.append("%s,sha256=%s,%d" % (name, digest, len(data)))
            wheel.writestr(name, data)
        records.append("nubo_demo_dep-1.0.dist-info/RECORD,,")
        wheel.writestr("nubo_demo_dep-1.0.dist-info/RECORD", "\n".join(records) + "\n")
    return path


class DependenciesTest(ServerTestCase):

    def install(self, requirements):
        """Runs runtime.json's install in a deps dir holding `requirements`, as the platform does."""
        deps_dir = self.workspace.empty_dir("deps-")
        with open(os.path.join(deps_dir, DESCRIPTOR["depsFile"]), "w") as out:
            out.write(requirements)
        environment = base_environment(self.workspace.empty_dir("home-"))
        environment.update(DESCRIPTOR["buildEnv"])
        environment["PIP_CONFIG_FILE"] = os.devnull  # this machine's pip.conf must not change the result
        command = [expand(part, "", deps_dir) for part in DESCRIPTOR["install"]]
        started = time.monotonic()
        result = subprocess.run(command, cwd=deps_dir, env=environment, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=120)
        return deps_dir, result, time.monotonic() - started

    def test_an_installed_dependency_and_its_pth_file_are_importable(self):
        wheels = self.workspace.empty_dir("wheels-")
        build_wheel(wheels)
        deps_dir, result, _ = self.install("--no-index\n--find-links %s\nnubo-demo-dep==1.0\n" % wheels)
        self.assertEqual(0, result.returncode, result.stdout)
        self.assertTrue(os.path.isfile(os.path.join(deps_dir, "nubo_demo_dep", "__init__.py")))

        server = self.start_server("depuser.py", deps_dir=deps_dir,
                                   env={"MOD_NAME": "depuser", "FUNC_HANDLER": "handler"})
        self.assertEqual({"dep": "from the wheel", "extra": "via a .pth file", "first_on_path": deps_dir},
                         server.request("GET", "/").json())

    def test_an_unreachable_index_fails_the_install_with_pips_error_instead_of_hanging(self):
        with socket.socket() as silent_index:  # accepts connections, never answers
            silent_index.bind(("127.0.0.1", 0))
            silent_index.listen(16)
            url = "http://127.0.0.1:%d/simple/" % silent_index.getsockname()[1]
            _, result, took = self.install("--index-url %s\nnubo-not-here==1.0\n" % url)
        self.assertNotEqual(0, result.returncode, result.stdout)
        self.assertIn("Read timed out", result.stdout)
        self.assertIn("No matching distribution found for nubo-not-here==1.0", result.stdout)
        self.assertLess(took, INSTALL_DEADLINE_SECONDS)
