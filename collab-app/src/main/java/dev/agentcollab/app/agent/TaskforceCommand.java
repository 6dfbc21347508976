package dev.agentcollab.app.agent;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.ContributionReceipt;
import dev.agentcollab.api.taskforce.TaskforceDetail;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.api.taskforce.TaskforceReceipt;
import dev.agentcollab.app.Counted;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code collab agent taskforce create|post|read}: small groups working on one sub-problem. */
@Command(
        name = "taskforce",
        mixinStandardHelpOptions = true,
        description = "Create a taskforce, post notes or files to it, read it.",
        subcommands = {TaskforceCommand.Create.class, TaskforceCommand.Post.class, TaskforceCommand.Read.class})
final class TaskforceCommand extends CommandGroup {
    /** Where the text of a README or note comes from. */
    static final class Body {
        @Option(names = "--body", paramLabel = "TEXT", description = "the markdown text")
        String text;

        @Option(names = "--file", paramLabel = "FILE", description = "a local file, uploaded to your bucket first")
        Path file;

        @Option(names = "--source", paramLabel = "URI", description = "a file already in your bucket")
        String source;

        /** Refuses blank {@code --body} text, which would publish an empty README or note. */
        static void requireText(String text, String what) {
            if (text.isBlank()) {
                throw new UsageException("the " + what + " is empty: give --body TEXT, --file or --source");
            }
        }
    }

    /** {@code taskforce create NAME}: creates it (README), or updates the README of one you created. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a taskforce with a README (or update the README of yours).")
    static final class Create extends AgentAction {
        @Parameters(paramLabel = "NAME", description = "the taskforce name, e.g. kv-cache")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Body body;

        @Override
        protected void execute(AgentSession s, Output out) {
            TaskforcePost post;
            if (body.text != null) {
                Body.requireText(body.text, "README");
                post = TaskforcePost.raw(name, s.agent(), body.text);
            } else {
                String source = body.source != null
                        ? body.source
                        : s.uploadFile(body.file, "taskforces/" + name + "/README.md");
                post = TaskforcePost.fromSource(name, source);
            }
            TaskforceReceipt r = s.client().taskforces().create(post);
            out.result(
                    r,
                    w -> w.println((r.created() ? "created" : "updated") + " taskforce " + r.name() + " (" + r.path()
                            + ", via " + r.via() + ")"));
        }
    }

    /** {@code taskforce post NAME}: a note, or with {@code --dest} a named file. */
    @Command(
            name = "post",
            mixinStandardHelpOptions = true,
            description = "Post a note to a taskforce, or a named file with --dest (its path must contain _<agent>).")
    static final class Post extends AgentAction {
        @Parameters(paramLabel = "NAME", description = "the taskforce")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Body body;

        @Option(names = "--dest", paramLabel = "PATH", description = "publish the file under this path (not a note)")
        String dest;

        @Option(names = "--type", description = "note type (default note)")
        String type;

        @Override
        protected void execute(AgentSession s, Output out) {
            Contribution c;
            if (body.text != null) {
                Body.requireText(body.text, "note");
                if (dest != null) {
                    throw new UsageException("--dest publishes a file: use --file or --source");
                }
                c = new Contribution(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(s.agent()),
                        Optional.of(body.text),
                        Optional.ofNullable(type));
            } else {
                if (type != null) {
                    throw new UsageException("--type applies to --body notes");
                }
                String source = body.source != null
                        ? body.source
                        : s.uploadFile(body.file, "taskforces/" + name + "/" + body.file.getFileName());
                c = dest != null ? Contribution.file(source, dest) : Contribution.note(source);
            }
            ContributionReceipt r = s.client().taskforces().contribute(name, c);
            out.result(r, w -> w.println("posted " + r.kind() + " " + r.path() + " (via " + r.via() + ")"));
        }
    }

    /** {@code taskforce read NAME}: README, contributors and notes. */
    @Command(
            name = "read",
            mixinStandardHelpOptions = true,
            description = "Read a taskforce: README, contributors, notes.")
    static final class Read extends AgentAction {
        @Parameters(paramLabel = "NAME", description = "the taskforce")
        String name;

        @Option(names = "--notes", description = "how many notes (default 10; 0 = all)")
        int notes = 10;

        @Override
        protected void execute(AgentSession s, Output out) {
            TaskforceDetail d = s.client().taskforces().get(name);
            Page<MessageRecord> page = ListOptions.pages(
                    ListQuery.builder().expand(true).limit(notes).build(),
                    q -> s.client().taskforces().notes(name, q));
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("taskforce", d);
            both.put("notes", page);
            out.result(both, w -> {
                w.println("taskforce " + d.name() + " by " + d.creator()
                        + d.created().map(c -> ", created " + c).orElse("")
                        + d.updated().map(u -> ", updated " + u).orElse(""));
                w.println("contributors: " + Texts.list(d.contributors()) + "; " + Counted.of(d.fileCount(), "file")
                        + ", " + Counted.of(d.noteCount(), "note"));
                for (String line : d.readme().body().strip().split("\n", -1)) {
                    w.println("    " + line);
                }
                Texts.messages(w, page, "notes of " + d.name(), n -> "more: --notes 0 lists them all");
            });
        }
    }
}
