// A stand-in for Android's android.content.Context, which gobind's
// go/Seq.java imports (for Seq.setContext, unused on a desktop JVM), so that
// the generated Java compiles without the Android SDK.
package android.content;

public class Context {
}
