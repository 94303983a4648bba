package dev.userapi.pipeline.deploy;

import java.io.Console;
import java.lang.reflect.Method;

/** The person at the keyboard, if there is one: asked to confirm a protected deploy, never in CI. */
public interface Terminal {

    /** Nobody to ask (CI, a pipe): protected deploys need --yes. */
    Terminal NONE = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public String readLine(String prompt) {
            return null;
        }
    };

    boolean interactive();

    /** The answer, or null at end of input. */
    String readLine(String prompt);

    /**
     * The process's console when it is a real terminal. From JDK 22 {@code System.console()} returns a
     * console even when input and output are redirected, and {@code Console.isTerminal()} tells them
     * apart; on JDK 21 a non-null console already means a terminal. Looked up reflectively because the
     * code compiles for 21 and runs on either.
     */
    static Terminal system() {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return NONE;
        }
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }
        };
    }

    private static boolean isTerminal(Console console) {
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
