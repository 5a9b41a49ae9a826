package io.ovt.ebs.daemon.real;

import io.ovt.ebs.daemon.command.Command;
import io.ovt.ebs.daemon.command.CommandResult;
import io.ovt.ebs.daemon.command.CommandRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command runner for parser and wrapper tests: answers each command by the longest scripted argv
 * prefix it starts with (saved real outputs, usually), and records every command it ran.
 */
final class ScriptedCommandRunner implements CommandRunner {
  final List<Command> ran = new ArrayList<>();
  private final Map<List<String>, CommandResult> answers = new LinkedHashMap<>();

  ScriptedCommandRunner answer(CommandResult result, String... argvPrefix) {
    answers.put(List.of(argvPrefix), result);
    return this;
  }

  ScriptedCommandRunner ok(String stdout, String... argvPrefix) {
    return answer(new CommandResult(0, stdout, ""), argvPrefix);
  }

  @Override
  public CommandResult run(Command command) {
    ran.add(command);
    List<String> best = null;
    for (List<String> prefix : answers.keySet()) {
      boolean matches =
          command.argv().size() >= prefix.size()
              && command.argv().subList(0, prefix.size()).equals(prefix);
      if (matches && (best == null || prefix.size() > best.size())) {
        best = prefix;
      }
    }
    return best == null ? new CommandResult(0, "", "") : answers.get(best);
  }

  List<List<String>> argvs() {
    return ran.stream().map(Command::argv).toList();
  }
}
