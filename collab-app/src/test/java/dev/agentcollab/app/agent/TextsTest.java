package dev.agentcollab.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextsTest {
    @Test
    void numbersKeepFourSignificantDigitsAndEveryIntegerDigit() {
        assertEquals("41.50", Texts.number(41.5));
        assertEquals("123.4", Texts.number(123.4));
        assertEquals("226.1", Texts.number(226.0592));
        assertEquals("0.1234", Texts.number(0.12341));
        assertEquals("9999", Texts.number(9999.0));
        assertEquals("21988.1", Texts.number(21988.12));
        assertEquals("-21988.1", Texts.number(-21988.12));
        assertEquals("1234567890.0", Texts.number(1234567890.0));
        assertEquals("0.000", Texts.number(0.0));
        assertEquals("1.000e-05", Texts.number(1e-5));
        assertEquals("1.000e+15", Texts.number(1e15));
    }

    @Test
    void aShortenedLineKeepsWholeCharacters() {
        assertEquals("abc", Texts.shortened("abc", 3));
        assertEquals("ab…", Texts.shortened("abcd", 3));
        assertEquals("x".repeat(98) + "😀😀", Texts.shortened("x".repeat(98) + "😀😀", 100));
        assertEquals("x".repeat(98) + "😀…", Texts.shortened("x".repeat(98) + "😀😀😀", 100));
        assertEquals("😀".repeat(99) + "…", Texts.shortened("😀".repeat(101), 100));
        assertEquals("😀".repeat(100), Texts.shortened("😀".repeat(100), 100));
    }
}
