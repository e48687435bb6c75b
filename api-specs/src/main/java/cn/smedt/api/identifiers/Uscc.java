package cn.smedt.api.identifiers;

/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters, the last a mod-31 check character
 * over the first 17 with weights 3^i mod 31.
 */
public final class Uscc {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private Uscc() {
    }

    /** Null when valid, otherwise why not. */
    public static String problem(String code) {
        if (code == null || code.length() != 18) {
            return "a USCC has 18 characters";
        }
        for (int i = 0; i < 17; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return "character " + (i + 1) + " ('" + code.charAt(i) + "') is not in the USCC alphabet";
            }
        }
        char expected = checkCharacter(code.substring(0, 17));
        if (code.charAt(17) != expected) {
            return "check character is '" + code.charAt(17) + "' but the first 17 characters give '" + expected + "'";
        }
        return null;
    }

    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    /** The check character for the first 17 characters (for issuing test and demo identifiers). */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) {
            throw new IllegalArgumentException("need the first 17 characters of a USCC");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not in the USCC alphabet");
            }
            sum += value * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }
}
