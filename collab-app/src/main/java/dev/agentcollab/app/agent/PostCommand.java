package dev.agentcollab.app.agent;

import dev.agentcollab.api.board.MentionMiss;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code collab agent post}: a message on the board. Raw ({@code TEXT}, or {@code -} for stdin), or from a file in
 * the agent's scratch bucket: an existing one ({@code --source}) or a local file uploaded first ({@code --file},
 * needs {@code --buckets}). {@code --mention} adds {@code @id} to the text, {@code --channel} files the message in
 * a channel, {@code --reply-to} makes it a reply in a thread, {@code --broadcast} (organizers) delivers it to every
 * inbox.
 */
@Command(
        name = "post",
        mixinStandardHelpOptions = true,
        description = "Post a message: raw text, a local file uploaded to your bucket, or a file already there.")
final class PostCommand extends AgentAction {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Content content;

    static final class Content {
        @Parameters(paramLabel = "TEXT", description = "the message (markdown); - reads stdin")
        String text;

        @Option(names = "--file", paramLabel = "FILE", description = "a local markdown file (frontmatter allowed)")
        Path file;

        @Option(names = "--source", paramLabel = "URI", description = "hf://buckets/<org>/<slug>-<agent>/<path>")
        String source;
    }

    @Option(names = "--as", paramLabel = "PATH", description = "bucket path for --file (default posts/<file name>)")
    String as;

    @Option(names = "--channel", paramLabel = "NAME", description = "file the message in this channel")
    String channel;

    @Option(names = "--reply-to", paramLabel = "FILENAME", description = "reply to this message (a thread)")
    String replyTo;

    @Option(names = "--mention", paramLabel = "ID", description = "deliver to this agent's inbox (repeatable)")
    List<String> mentions = new ArrayList<>();

    @Option(names = "--type", description = "message type of a raw post (default agent)")
    String type;

    @Option(names = "--refs", paramLabel = "FILENAMES", description = "filenames this message refers to")
    String refs;

    @Option(
            names = "--broadcast",
            description = "deliver to every agent's inbox (organizers; e.g. --agent human-organizer)")
    boolean broadcast;

    @Override
    protected void execute(AgentSession s, Output out) {
        MessagePost post;
        if (content.source != null || content.file != null) {
            if (!mentions.isEmpty()) {
                throw new UsageException("--mention applies to TEXT; write @id into the file instead");
            }
            if (type != null) {
                throw new UsageException("--type applies to TEXT; a bucket file sets type in its frontmatter");
            }
            String source = content.source != null
                    ? content.source
                    : s.uploadFile(content.file, as != null ? as : "posts/" + content.file.getFileName());
            post = MessagePost.fromSource(source);
        } else {
            if (as != null) {
                throw new UsageException("--as applies to --file");
            }
            String text = text();
            if (text.isBlank()) {
                throw new UsageException("the message is empty: give its text (- reads stdin), --file or --source");
            }
            post = MessagePost.raw(s.agent(), withMentions(text));
            if (type != null) {
                post = post.withType(type);
            }
        }
        if (refs != null) {
            post = post.withRefs(refs);
        }
        if (channel != null) {
            post = post.inChannel(channel);
        }
        if (replyTo != null) {
            post = post.replyTo(replyTo);
        }
        if (broadcast) {
            post = post.asBroadcast();
        }
        PostReceipt r = s.client().board().post(post);
        out.result(r, w -> {
            w.println("posted " + r.path() + " (via " + r.via() + ")"
                    + r.channel().map(c -> " in #" + c).orElse("")
                    + r.thread().map(t -> ", thread " + t).orElse(""));
            if (r.broadcast()) {
                w.println("broadcast to every inbox");
            } else if (r.mentionsDelivered().isEmpty()) {
                w.println("no inbox copies (an @agent-id in the text delivers one)");
            } else {
                w.println("delivered to: " + Texts.list(r.mentionsDelivered()));
            }
            for (MentionMiss miss : r.mentionsNotDelivered()) {
                w.println("not delivered: @" + miss.handle() + " (" + miss.reason() + ")");
            }
        });
    }

    private String text() {
        if (!content.text.equals("-")) {
            return content.text;
        }
        byte[] bytes;
        try {
            InputStream in = System.in;
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdin", e);
        }
        return utf8(bytes, "stdin");
    }

    /**
     * Decodes text that must be UTF-8 (as the board stores it): bytes of another encoding are refused, where a
     * lenient decoding would post U+FFFD in place of every such character.
     *
     * @param bytes the bytes
     * @param what where they come from, for the message
     * @return the text
     * @throws UsageException when the bytes are not UTF-8
     */
    static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UsageException(what + " is not UTF-8 text: convert it first, e.g. with iconv -t UTF-8");
        }
    }

    private String withMentions(String text) {
        StringBuilder b = new StringBuilder(text.strip());
        for (String m : mentions) {
            String handle = m.startsWith("@") ? m.substring(1) : m;
            if (!Pattern.compile("(?<![\\w-])@" + Pattern.quote(handle) + "(?![\\w-])")
                    .matcher(text)
                    .find()) {
                b.append(b.isEmpty() ? "" : " ").append('@').append(handle);
            }
        }
        return b.toString();
    }
}
