"""Starts one of the gateway's own test stacks (tests/e2e/stacks/<name>) with the echo function."""
import os
import shutil
import tempfile

from conftest import TEST_STACKS, Stack

ECHO_DIR = os.path.join(TEST_STACKS, "echo")


def start_stack(name):
    """Copies stacks/<name>, points its functions at the echo function, starts it on a data
    folder of its own (a test module's `stack` may hold the shared one)."""
    folder = tempfile.mkdtemp(prefix="nimbus-stack-" + name + "-")
    data_dir = os.path.join(folder, "data")
    for entry in os.listdir(os.path.join(TEST_STACKS, name)):
        shutil.copy(os.path.join(TEST_STACKS, name, entry), folder)
    path = os.path.join(folder, "stack.yaml")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("ECHO_DIR", ECHO_DIR))
    stack = Stack(data_dir, stack_dir=folder).start()
    stack.stack_copy = folder
    return stack


def stop_stack(stack):
    stack.stop()
    shutil.rmtree(stack.stack_copy, ignore_errors=True)  # the data folder with it
