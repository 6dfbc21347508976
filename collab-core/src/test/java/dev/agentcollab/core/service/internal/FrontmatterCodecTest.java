package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontmatterCodecTest {

    @Test
    void serialisesInOrderWithBlankLineBeforeBody() {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("type", "agent");
        fm.put("refs", List.of("a.md", "b.md"));
        fm.put("timestamp", "2026-06-01 10:00 UTC");
        fm.put("flag", "yes");
        fm.put("count", "12");
        assertEquals(
                "---\ntype: agent\nrefs:\n- a.md\n- b.md\ntimestamp: 2026-06-01 10:00 UTC\nflag: \"yes\"\ncount: \"12\"\n---\n\nhello\n",
                FrontmatterCodec.serialize(fm, "hello"));
        assertEquals("---\nk: v\n---\n", FrontmatterCodec.serialize(Map.of("k", "v"), ""));
        assertEquals("---\nk: v\n---\n\nx\n", FrontmatterCodec.serialize(Map.of("k", "v"), "\nx\n"));
    }

    @Test
    void roundTripsThroughParse() {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("agent", "agent-1");
        fm.put("broadcast", true);
        fm.put("note", "ünïcode ✓");
        Document d = FrontmatterCodec.parse(FrontmatterCodec.serialize(fm, "body line\n"));
        assertEquals(fm, d.frontmatter());
        assertEquals("body line\n", d.body());
    }

    @Test
    void parsesTheReferenceEdgeCases() {
        assertEquals(Map.of(), FrontmatterCodec.parse("no frontmatter").frontmatter());
        assertEquals("---\n---\nbody", FrontmatterCodec.parse("---\n---\nbody").body());
        assertEquals(
                "---\nk: v\nno close",
                FrontmatterCodec.parse("---\nk: v\nno close").body());
        Document yaml11 =
                FrontmatterCodec.parse("---\na: yes\nb: off\nc: 2026-06-25\nd: 2026-06-01 10:00 UTC\n---\nx\n");
        assertEquals(Boolean.TRUE, yaml11.frontmatter().get("a"));
        assertEquals(Boolean.FALSE, yaml11.frontmatter().get("b"));
        assertEquals("2026-06-25", String.valueOf(yaml11.frontmatter().get("c")));
        assertEquals("2026-06-01 10:00 UTC", yaml11.frontmatter().get("d"));
        assertEquals("x\n", yaml11.body());
    }

    @Test
    void rejectsNonMappingsAndBrokenYamlButReadsLeniently() {
        CollabException notMap = assertThrows(CollabException.class, () -> FrontmatterCodec.parse("---\n- a\n---\nx"));
        assertEquals(ErrorCode.INVALID_FRONTMATTER, notMap.code());
        assertEquals("frontmatter must be a mapping", notMap.getMessage());
        CollabException broken =
                assertThrows(CollabException.class, () -> FrontmatterCodec.parse("---\na: [x\n---\nx"));
        assertTrue(broken.getMessage().startsWith("could not parse YAML frontmatter: "));
        Document lenient = FrontmatterCodec.parseLenient("---\na: [x\n---\nx");
        assertTrue(lenient.parseError().isPresent());
        assertEquals("---\na: [x\n---\nx", lenient.body());
    }

    @Test
    void everyStringReadsBackAsTheSameString() {
        List<String> tricky = List.of(
                ".nan",
                ".NAN",
                ".inf",
                "-.inf",
                "+.inf",
                "1e5",
                "1.0e+999",
                "0x1F",
                "0b101",
                "1_000",
                "017",
                "0o17",
                "1:20",
                "190:20:30",
                "~",
                "null",
                "Null",
                "NULL",
                "",
                " ",
                "yes",
                "No",
                "on",
                "OFF",
                "true",
                "y",
                "n",
                "<<",
                "=",
                "12",
                "-3.5",
                "+1",
                "2026-06-25",
                "2026-06-25T13:50:11Z",
                "- a",
                "a: b",
                "#x",
                "*alias",
                "&anchor",
                "!tag",
                "@x",
                "`x",
                "%x",
                "'q'",
                "\"d\"",
                "x #y",
                "{a}",
                "[a]",
                "ünïcode ✓");
        Map<String, Object> fm = new LinkedHashMap<>();
        for (int i = 0; i < tricky.size(); i++) {
            fm.put("k" + i, tricky.get(i));
        }
        for (String key : List.of("1e5", "yes", "~", ".nan", "<<", "12", "\u0085k")) {
            fm.put(key, "as key");
        }

        Document back = FrontmatterCodec.parse(FrontmatterCodec.serialize(fm, "b"));

        assertEquals(fm, back.frontmatter());
    }

    @Test
    void readsYaml11FloatsAsPyYamlDoes() {
        Map<String, Object> fm = FrontmatterCodec.parse(
                        "---\nloss: .nan\nhigh: .inf\nlow: -.Inf\nn: 0x1F\nb: 0b101\nu: 1_000\no: 017\ns: 1:20\n---\n")
                .frontmatter();
        assertTrue(Double.isNaN((Double) fm.get("loss")));
        assertEquals(Double.POSITIVE_INFINITY, fm.get("high"));
        assertEquals(Double.NEGATIVE_INFINITY, fm.get("low"));
        assertEquals(31, fm.get("n"));
        assertEquals(5, fm.get("b"));
        assertEquals(1000, fm.get("u"));
        assertEquals(15, fm.get("o"));
        assertEquals(80, fm.get("s"));
    }

    @Test
    void numbersReadBackAsTheSameNumbersAndExponentsNeedADotAndASignAsInPyYaml() {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("nan", Double.NaN);
        fm.put("inf", Double.POSITIVE_INFINITY);
        fm.put("minf", Double.NEGATIVE_INFINITY);
        fm.put("big", 1.5e7);
        fm.put("small", 2.5e-9);
        fm.put("plain", 30708.5);
        fm.put("f", 1.25f);
        String text = FrontmatterCodec.serialize(fm, "");
        assertTrue(text.contains("nan: .nan\ninf: .inf\nminf: -.inf\nbig: 1.5E+7\n"), text);
        Map<String, Object> back = FrontmatterCodec.parse(text).frontmatter();
        assertTrue(Double.isNaN((Double) back.get("nan")));
        assertEquals(Double.POSITIVE_INFINITY, back.get("inf"));
        assertEquals(Double.NEGATIVE_INFINITY, back.get("minf"));
        assertEquals(1.5e7, back.get("big"));
        assertEquals(2.5e-9, back.get("small"));
        assertEquals(30708.5, back.get("plain"));
        assertEquals(1.25, back.get("f"));

        Map<String, Object> read = FrontmatterCodec.parse(
                        "---\na: 1e5\nb: 5e12345\nc: 1.0e+3\nd: .5\ne: 1_000.5\n---\n")
                .frontmatter();
        assertEquals("1e5", read.get("a"), "PyYAML's float needs a dot");
        assertEquals("5e12345", read.get("b"), "a short commit hash stays text");
        assertEquals(1000.0, read.get("c"));
        assertEquals(0.5, read.get("d"));
        assertEquals(1000.5, read.get("e"));
    }

    @Test
    void pairsAndBadlyTaggedNumbersAreReadOrRefusedNeverThrownAtTheCaller() {
        Map<String, Object> fm = FrontmatterCodec.parse("---\np: !!pairs [{a: 1}, {b: 2}]\n---\n")
                .frontmatter();
        assertEquals(List.of(List.of("a", 1), List.of("b", 2)), fm.get("p"));
        for (String bad : List.of("x: 99999999999999999999:00", "x: !!int foo", "x: !!float foo", "x: !!int 0b_")) {
            CollabException e =
                    assertThrows(CollabException.class, () -> FrontmatterCodec.parse("---\n" + bad + "\n---\n"));
            assertEquals(ErrorCode.INVALID_FRONTMATTER, e.code(), bad);
            assertTrue(
                    FrontmatterCodec.parseLenient("---\n" + bad + "\n---\n")
                            .parseError()
                            .isPresent(),
                    bad);
        }
    }

    @Test
    void resolvesAliasesAndMergeKeysIntoIndependentCopies() {
        Map<String, Object> fm = FrontmatterCodec.parse("---\nbase: &v 6.5\nscore: *v\ndefaults: &d {lr: 1, wd: 0}\n"
                        + "run: *d\nother:\n  <<: *d\n  wd: 2\n---\n")
                .frontmatter();
        assertEquals(6.5, fm.get("score"));
        assertEquals(Map.of("lr", 1, "wd", 0), fm.get("run"));
        assertEquals(Map.of("lr", 1, "wd", 2), fm.get("other"));
        assertTrue(fm.get("run") != fm.get("defaults"), "no shared instances");
    }

    @Test
    void refusesWhatWouldExpandWithoutBound() {
        StringBuilder laughs = new StringBuilder("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                laughs.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            laughs.append("]\n");
        }
        CollabException bomb = assertThrows(
                CollabException.class,
                () -> FrontmatterCodec.parse(laughs.append("---\n").toString()));
        assertEquals(ErrorCode.INVALID_FRONTMATTER, bomb.code());
        assertTrue(bomb.getMessage().contains("more than 100000 values"), bomb.getMessage());

        CollabException cycle =
                assertThrows(CollabException.class, () -> FrontmatterCodec.parse("---\na: &x\n  self: *x\n---\n"));
        assertTrue(cycle.getMessage().contains("contains it"), cycle.getMessage());

        String deep = "---\nk: " + "[".repeat(60) + "]".repeat(60) + "\n---\n";
        assertEquals(
                ErrorCode.INVALID_FRONTMATTER,
                assertThrows(CollabException.class, () -> FrontmatterCodec.parse(deep))
                        .code());
    }

    @Test
    void aParseErrorNamesTheProblemAndWhereNotTheParser() {
        CollabException e =
                assertThrows(CollabException.class, () -> FrontmatterCodec.parse("---\na: 1\n b: [x\n---\nx"));
        assertTrue(e.getMessage().startsWith("could not parse YAML frontmatter: "), e.getMessage());
        assertTrue(e.getMessage().contains("(line "), e.getMessage());
        assertTrue(!e.getMessage().contains("snakeyaml") && !e.getMessage().contains("jackson"), e.getMessage());
    }

    @Test
    void rendersValuesForTheListGrammarAsPythonsStrDoes() {
        Document doc = FrontmatterCodec.parse("---\n"
                + "tags: [x, 'y z', \"it's\", 'say \"hi\"', \"both ' and \\\"\", 1, 2.5, true, null, 1e5]\n"
                + "budget: {gpu: 300, ids: [1, 2], 'off': null}\n"
                + "nested: [[1, [2, {x: y}]], {}, []]\n"
                + "escapes: [\"tab\\there\\nnl \\x7f \\u00e9 \\u00a0 \\u200b \\U0001F680 back\\\\slash\", \"\\x00\"]\n"
                + "none: null\nempty:\nyes_: true\nno_: no\n"
                + "tiny: 1.0e-5\nround: 300.0\nbig: 1.0e+16\nbelow: 1.0e+15\nsmall: 0.0001\nneg: -0.0\n"
                + "inf: .inf\nninf: -.inf\nnan: .nan\nlong: 12345678901234567.0\ntenth: 0.1\n"
                + "hex: 0x1F\nhuge: 99999999999999999999999\nday: 2026-12-04\ntext: it's \"plain\"\n"
                + "---\nbody\n");
        Map<String, String> python = new LinkedHashMap<>(); // str(yaml.safe_load(...)[key]) in Python 3.11
        python.put("tags", "['x', 'y z', \"it's\", 'say \"hi\"', 'both \\' and \"', 1, 2.5, True, None, '1e5']");
        python.put("budget", "{'gpu': 300, 'ids': [1, 2], 'off': None}");
        python.put("nested", "[[1, [2, {'x': 'y'}]], {}, []]");
        python.put("escapes", "['tab\\there\\nnl \\x7f \u00e9 \\xa0 \\u200b \uD83D\uDE80 back\\\\slash', '\\x00']");
        python.put("none", "None");
        python.put("empty", "None");
        python.put("yes_", "True");
        python.put("no_", "False");
        python.put("tiny", "1e-05");
        python.put("round", "300.0");
        python.put("big", "1e+16");
        python.put("below", "1000000000000000.0");
        python.put("small", "0.0001");
        python.put("neg", "-0.0");
        python.put("inf", "inf");
        python.put("ninf", "-inf");
        python.put("nan", "nan");
        python.put("long", "1.2345678901234568e+16");
        python.put("tenth", "0.1");
        python.put("hex", "31");
        python.put("huge", "99999999999999999999999");
        python.put("day", "2026-12-04");
        python.put("text", "it's \"plain\"");
        python.forEach((key, want) -> assertEquals(want, doc.str(key), key));
        assertEquals("", doc.str("absent"));
        assertEquals("", doc.text("none")); // the service's own reads keep null as empty text
    }
}
