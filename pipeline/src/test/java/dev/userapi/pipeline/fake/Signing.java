package dev.userapi.pipeline.fake;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What a client of a fake service is bound to, as an SDK client is: the credentials it signs with and
 * its region.
 *
 * @param credentials null for the service instance a test sets up, which cannot be called itself
 */
record Signing(AwsCredentialsProvider credentials, String region) {
    /** The service itself, before any client is made of it. */
    static final Signing NONE = new Signing(null, "us-east-1");

    /**
     * The caller's credentials, resolved on every call as the SDK's signer does before it sends
     * anything: an auto-refreshing provider is exercised for real, and its failure surfaces unchanged.
     */
    AwsCredentials resolve(String service) {
        if (credentials == null) {
            throw new IllegalStateException("call " + service + " through a client(credentials, region) of it");
        }
        return credentials.resolveCredentials();
    }
}
