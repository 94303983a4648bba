package dev.userapi.pipeline.auth;

import java.util.function.Supplier;

/**
 * An MFA device and a way to get its current code. The code is a supplier, not a string, because
 * it is asked for only when STS is actually called (and again if the session is renewed during a
 * long deploy; a TOTP code is valid for about 30 seconds).
 *
 * @param serialNumber the device ARN ({@code arn:aws:iam::ACCOUNT:mfa/NAME}) or a hardware serial
 */
public record Mfa(String serialNumber, Supplier<String> tokenCode) {
}
