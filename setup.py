"""Ships the top-level prompts/ folder inside the wheel as the package ``bot.default_prompts``.

Operators edit plain files under prompts/; installing Kindred (editable or not) must carry them.
"""

from setuptools import find_namespace_packages, find_packages, setup

PROMPT_PACKAGE = "bot.default_prompts"
prompt_packages = [PROMPT_PACKAGE] + [
    f"{PROMPT_PACKAGE}.{sub}" for sub in find_namespace_packages("prompts")
]

setup(
    packages=find_packages(include=["bot", "bot.*"]) + prompt_packages,
    package_dir={PROMPT_PACKAGE: "prompts"},
    # samples.yml may sit beside its templates in any folder; `kindred prompts check` needs them.
    package_data={
        PROMPT_PACKAGE: ["*.j2", "*.yml", "**/*.j2", "**/*.yml"],
        # The playground's page (`kindred playground` from an installed wheel, e.g. in Docker).
        "bot.sandbox.playground": ["static/*"],
    },
    include_package_data=False,
)
