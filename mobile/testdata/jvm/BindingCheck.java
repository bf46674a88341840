// BindingCheck exercises octet's gobind-generated Java API (package mobile)
// on a desktop JVM. TestJVMBinding (mobile/jvm_test.go) compiles it with the
// generated classes and runs it against the bound library, libgojni.so.
//
// Usage: java -Djava.library.path=LIBDIR BindingCheck PHOTO.png MODEL.tflite OUTDIR FASHION.png LABEL
//
// FASHION.png is a Fashion-MNIST test image (8-bit gray, 28x28) and LABEL
// its label in the dataset, which the BLSTM Classifier must predict.
//
// It prints key=value lines that the Go test reads, writes the buffers it
// produced to OUTDIR for the Go test to compare with the Go API's, and
// exits with status 1 after printing FAIL lines if any check failed.

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;

import mobile.Classifier;
import mobile.Mobile;
import mobile.Segmenter;

public class BindingCheck {
	private static final List<String> failures = new ArrayList<>();

	private static void check(boolean ok, String what) {
		if (!ok) {
			failures.add(what);
			System.out.println("FAIL " + what);
		}
	}

	private interface Call {
		void run() throws Exception;
	}

	// expectError checks that call throws an exception whose message
	// contains want.
	private static void expectError(String what, String want, Call call) {
		try {
			call.run();
			check(false, what + ": no exception");
		} catch (Exception e) {
			String msg = String.valueOf(e.getMessage());
			check(msg.contains(want), what + ": exception " + e.getClass().getName() + " \"" + msg + "\" lacks \"" + want + "\"");
			System.out.println("error." + what + "=" + e.getClass().getName() + ": " + msg.replace('\n', ' '));
		}
	}

	// rgba returns img as RGBA bytes, 4 per pixel, row-major.
	static byte[] rgba(BufferedImage img) {
		int w = img.getWidth(), h = img.getHeight();
		int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
		byte[] out = new byte[4 * w * h];
		for (int i = 0; i < w * h; i++) {
			int p = argb[i];
			out[4 * i] = (byte) (p >> 16);
			out[4 * i + 1] = (byte) (p >> 8);
			out[4 * i + 2] = (byte) p;
			out[4 * i + 3] = (byte) (p >>> 24);
		}
		return out;
	}

	static BufferedImage scaled(BufferedImage img, int w, int h) {
		BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
		Graphics2D g = dst.createGraphics();
		g.drawImage(img, 0, 0, w, h, null);
		g.dispose();
		return dst;
	}

	static int at(byte[] mask, int w, int x, int y) {
		return mask[y * w + x] & 0xff;
	}

	static double meanBlock(byte[] mask, int w, int x0, int y0, int bw, int bh) {
		long sum = 0;
		for (int y = y0; y < y0 + bh; y++) {
			for (int x = x0; x < x0 + bw; x++) {
				sum += at(mask, w, x, y);
			}
		}
		return (double) sum / (bw * bh);
	}

	static long rssKB() throws Exception {
		for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new Exception("no VmRSS in /proc/self/status");
	}

	static long heapAfterGC() throws Exception {
		Runtime rt = Runtime.getRuntime();
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return rt.totalMemory() - rt.freeMemory();
	}

	// checkClassifier runs the BLSTM Classifier on a Fashion-MNIST test image
	// whose dataset label is label, and checks its errors.
	static void checkClassifier(String path, long label, byte[] segModel, Path out) throws Exception {
		BufferedImage img = ImageIO.read(new File(path));
		check(img.getType() == BufferedImage.TYPE_BYTE_GRAY, "Fashion-MNIST image type " + img.getType() + ", want TYPE_BYTE_GRAY");
		int w = img.getWidth(), h = img.getHeight();
		// The raw samples: getRGB would convert the gray levels to sRGB.
		int[] samples = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
		byte[] gray = new byte[w * h];
		for (int i = 0; i < gray.length; i++) {
			gray[i] = (byte) samples[i];
		}
		Files.write(out.resolve("fashion.gray"), gray);

		Classifier cls = Mobile.newClassifier();
		check(cls.modelWidth() == 28 && cls.modelHeight() == 28 && cls.numClasses() == 10,
			"classifier model " + cls.modelWidth() + "x" + cls.modelHeight() + ", " + cls.numClasses() + " classes");
		long cl = cls.classify(gray, w, h);
		System.out.println("classifier.class=" + cl);
		System.out.println("classifier.label=" + cls.label(cl));
		check(cl == label, "class " + cl + " (" + cls.label(cl) + "), dataset label " + label + " (" + cls.label(label) + ")");

		byte[] probs = cls.probabilities(gray, w, h);
		Files.write(out.resolve("fashion.probs"), probs);
		FloatBuffer fb = ByteBuffer.wrap(probs).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		check(fb.remaining() == 10, "probabilities: " + fb.remaining() + " floats, want 10");
		double sum = 0;
		int best = 0;
		for (int k = 0; k < fb.remaining(); k++) {
			sum += fb.get(k);
			if (fb.get(k) > fb.get(best)) {
				best = k;
			}
		}
		System.out.println("classifier.sum=" + sum);
		System.out.println("classifier.p=" + fb.get((int) cl));
		// Within the rounding of an int8 softmax, 1/512 per class.
		check(Math.abs(sum - 1) < 0.02, "probabilities sum to " + sum);
		check(best == cl, "argmax of the probabilities " + best + ", class " + cl);

		// The same image as RGBA and as rows of little-endian floats, and
		// scaled up 2x; the constructor form.
		byte[] rgba = new byte[4 * w * h];
		ByteBuffer rows = ByteBuffer.allocate(4 * w * h).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < w * h; i++) {
			rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = gray[i];
			rgba[4 * i + 3] = (byte) 255;
			rows.putFloat((gray[i] & 0xff) / 255.0f);
		}
		check(cls.classifyRGBA(rgba, w, h) == cl, "classifyRGBA gives another class");
		check(cls.classifyRows(rows.array()) == cl, "classifyRows gives another class");
		byte[] big = new byte[4 * w * h];
		for (int y = 0; y < 2 * h; y++) {
			for (int x = 0; x < 2 * w; x++) {
				big[y * 2 * w + x] = gray[(y / 2) * w + x / 2];
			}
		}
		check(cls.classify(big, 2 * w, 2 * h) == cl, "the image scaled 2x gives another class");
		Classifier viaCtor = new Classifier();
		check(viaCtor.classify(gray, w, h) == cl, "new Classifier() gives another class");
		viaCtor.close();

		// Errors surface as Java exceptions.
		expectError("classifier_bad_size", "want width*height", () -> cls.classify(gray, w, h - 1));
		expectError("classifier_null", "want width*height", () -> cls.classify(null, w, h));
		expectError("classifier_zero_size", "not positive", () -> cls.classify(gray, 0, h));
		expectError("classifier_rgba_size", "want 4*width*height", () -> cls.classifyRGBA(gray, w, h));
		expectError("classifier_rows_size", "values has", () -> cls.classifyRows(new byte[12]));
		expectError("classifier_bad_model", "octet", () -> Mobile.newClassifierFromModel(new byte[] {1, 2, 3}));
		expectError("classifier_empty_model", "empty model", () -> new Classifier(new byte[0]));
		expectError("classifier_segmentation_model", "input shape", () -> Mobile.newClassifierFromModel(segModel));
		Classifier closed = Mobile.newClassifier();
		closed.close();
		expectError("classifier_closed", "closed", () -> closed.classify(gray, w, h));
		// Still working after the errors.
		check(cls.classify(gray, w, h) == cl, "class changed after errors");

		// Threads sharing the Classifier.
		AtomicReference<String> failure = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			final int id = i;
			Thread t = new Thread(() -> {
				try {
					for (int k = 0; k < 5; k++) {
						if (!Arrays.equals(cls.probabilities(gray, w, h), probs)) {
							failure.set("classifier thread " + id + ": different probabilities");
						}
					}
				} catch (Exception e) {
					failure.set("classifier thread " + id + ": " + e);
				}
			});
			threads.add(t);
			t.start();
		}
		for (Thread t : threads) {
			t.join();
		}
		check(failure.get() == null, "concurrent classifier calls: " + failure.get());
		cls.close();
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 5) {
			System.err.println("usage: BindingCheck PHOTO.png MODEL.tflite OUTDIR FASHION.png LABEL");
			System.exit(2);
		}
		Path out = Paths.get(args[2]);
		System.out.println("version=" + Mobile.version());
		System.out.println("isa=" + Mobile.isa());
		System.out.println("os.arch=" + System.getProperty("os.arch"));

		// A real photo, decoded by javax.imageio.
		BufferedImage photo = ImageIO.read(new File(args[0]));
		int w = photo.getWidth(), h = photo.getHeight();
		byte[] pix = rgba(photo);
		byte[] pixCopy = pix.clone();
		Files.write(out.resolve("photo.rgba"), pix);

		Segmenter seg = Mobile.newSegmenter();
		check(seg.modelWidth() == 256 && seg.modelHeight() == 256,
			"model size " + seg.modelWidth() + "x" + seg.modelHeight() + ", want 256x256");
		long t0 = System.nanoTime();
		byte[] mask = seg.segment(pix, w, h);
		System.out.println("first_segment_ms=" + (System.nanoTime() - t0) / 1000000);
		check(mask != null && mask.length == w * h, "mask length " + (mask == null ? -1 : mask.length) + ", want " + w * h);
		check(Arrays.equals(pix, pixCopy), "Segment modified its input");
		Files.write(out.resolve("mask.bin"), mask);
		int face = at(mask, w, 190, 130);
		int corner = at(mask, w, w - 1, 0);
		double cornerMean = meanBlock(mask, w, w - 64, 0, 64, 64);
		System.out.println("mask.face=" + face);
		System.out.println("mask.corner=" + corner);
		System.out.println("mask.corner_mean=" + cornerMean);
		check(face > 200, "face (190,130) = " + face + ", want > 200");
		check(corner < 55, "top-right corner = " + corner + ", want < 55");
		check(cornerMean < 55, "top-right 64x64 block mean = " + cornerMean + ", want < 55");

		// The constructor form binds NewSegmenter too.
		Segmenter viaCtor = new Segmenter();
		check(Arrays.equals(viaCtor.segment(pix, w, h), mask), "new Segmenter() gives a different mask");
		viaCtor.close();

		// Compositing, RGBA in and out.
		byte[] blur = Mobile.compositeBlur(pix, mask, w, h, 0);
		byte[] green = Mobile.compositeColor(pix, mask, w, h, 0xFF00B140L);
		byte[] greenInt = Mobile.compositeColor(pix, mask, w, h, (int) 0xFF00B140); // Android colour int
		int bgW = 300, bgH = 200;
		byte[] bg = new byte[4 * bgW * bgH];
		for (int y = 0; y < bgH; y++) {
			for (int x = 0; x < bgW; x++) {
				int i = 4 * (y * bgW + x);
				bg[i] = (byte) (x * 255 / bgW);
				bg[i + 1] = (byte) (y * 255 / bgH);
				bg[i + 2] = (byte) 128;
				bg[i + 3] = (byte) 255;
			}
		}
		byte[] withBg = Mobile.compositeImage(pix, mask, w, h, bg, bgW, bgH);
		check(blur.length == 4 * w * h && green.length == 4 * w * h && withBg.length == 4 * w * h, "composite lengths");
		check(Arrays.equals(green, greenInt), "negative Android colour int gives a different composite");
		int tr = 4 * (w - 1);
		check((green[tr] & 0xff) == 0x00 && (green[tr + 1] & 0xff) == 0xB1 && (green[tr + 2] & 0xff) == 0x40,
			"top-right of the green composite is not #00b140");
		Files.write(out.resolve("blur.rgba"), blur);
		Files.write(out.resolve("green.rgba"), green);
		Files.write(out.resolve("bg.rgba"), bg);
		Files.write(out.resolve("withbg.rgba"), withBg);

		// Temporal smoothing: a black frame after the photo keeps half the
		// photo's probability with alpha 0.5; ResetStream forgets it.
		byte[] black = new byte[4 * w * h];
		for (int i = 3; i < black.length; i += 4) {
			black[i] = (byte) 255;
		}
		int blackFace = at(seg.segment(black, w, h), w, 190, 130);
		seg.setSmoothing(0.5);
		check(seg.smoothing() == 0.5, "smoothing() = " + seg.smoothing());
		byte[] f1 = seg.segmentFrame(pix, w, h);
		check(Arrays.equals(f1, mask), "first smoothed frame differs from Segment");
		int smoothedFace = at(seg.segmentFrame(black, w, h), w, 190, 130);
		System.out.println("smoothing.black_face=" + blackFace);
		System.out.println("smoothing.smoothed_face=" + smoothedFace);
		check(smoothedFace > blackFace + 60 && smoothedFace < face, "smoothed face " + smoothedFace + " not between black " + blackFace + " and photo " + face);
		seg.resetStream();
		check(at(seg.segmentFrame(black, w, h), w, 190, 130) == blackFace, "ResetStream did not reset");
		seg.setSmoothing(0);

		// Threads: masks do not depend on the thread count.
		seg.setThreads(2);
		check(seg.threads() == 2, "threads() = " + seg.threads());

		// Errors surface as Java exceptions.
		expectError("short_buffer", "want 4*width*height", () -> seg.segment(new byte[10], w, h));
		expectError("null_buffer", "want 4*width*height", () -> seg.segment(null, 2, 2));
		expectError("zero_size", "not positive", () -> seg.segment(pix, 0, h));
		expectError("negative_size", "not positive", () -> seg.segmentFrame(pix, w, -1));
		expectError("huge_size", "exceeds the limit", () -> seg.segment(pix, 1L << 32, 1L << 32));
		expectError("mask_length", "mask has", () -> Mobile.compositeBlur(pix, new byte[5], w, h, 0));
		expectError("bg_length", "background has", () -> Mobile.compositeImage(pix, mask, w, h, new byte[7], 3, 3));
		expectError("blur_radius", "blur radius", () -> Mobile.compositeBlur(pix, mask, w, h, -1));
		expectError("colour_range", "not a 32-bit ARGB", () -> Mobile.compositeColor(pix, mask, w, h, 1L << 40));
		expectError("smoothing_range", "out of range", () -> seg.setSmoothing(1.5));
		expectError("threads_range", "out of range", () -> seg.setThreads(-1));
		expectError("bad_model", "octet", () -> Mobile.newSegmenterFromModel(new byte[] {1, 2, 3}));
		expectError("bad_model_ctor", "octet", () -> new Segmenter(new byte[] {1, 2, 3}));
		expectError("empty_model", "empty model", () -> Mobile.newSegmenterFromModel(new byte[0]));
		Segmenter closed = Mobile.newSegmenter();
		closed.close();
		expectError("closed", "closed", () -> closed.segment(pix, w, h));
		// The Segmenter still works after all those errors.
		check(Arrays.equals(seg.segment(pix, w, h), mask), "mask changed after errors");

		// Several threads: one shared Segmenter (serialised) and package
		// functions at once give the single-threaded results.
		AtomicReference<String> threadFailure = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			final int id = i;
			Thread t = new Thread(() -> {
				try {
					for (int k = 0; k < 2; k++) {
						if (!Arrays.equals(seg.segment(pix, w, h), mask)) {
							threadFailure.set("thread " + id + ": different mask");
						}
						if (!Arrays.equals(Mobile.compositeColor(pix, mask, w, h, 0xFF00B140L), green)) {
							threadFailure.set("thread " + id + ": different composite");
						}
					}
				} catch (Exception e) {
					threadFailure.set("thread " + id + ": " + e);
				}
			});
			threads.add(t);
			t.start();
		}
		for (Thread t : threads) {
			t.join();
		}
		check(threadFailure.get() == null, "concurrent calls: " + threadFailure.get());

		checkClassifier(args[3], Long.parseLong(args[4]), Files.readAllBytes(Paths.get(args[1])), out);

		// Many calls: neither the JVM heap nor the process RSS may grow.
		// A 320x240 frame makes each call move 300 KiB in and out, so that
		// leaking any buffer per call would be plain in the numbers.
		byte[] model = Files.readAllBytes(Paths.get(args[1]));
		Segmenter loop = Mobile.newSegmenterFromModel(model);
		int lw = 320, lh = 240;
		byte[] small = rgba(scaled(photo, lw, lh));
		byte[] smallMask = null;
		for (int i = 0; i < 20; i++) { // warm up, with the same calls as the loop
			smallMask = loop.segment(small, lw, lh);
			Mobile.compositeColor(small, smallMask, lw, lh, 0xFF000000L);
			try {
				loop.segment(small, lw + 1, lh);
			} catch (Exception e) {
			}
			if (i % 10 == 9) {
				Segmenter tmp = Mobile.newSegmenterFromModel(model);
				tmp.segment(small, lw, lh);
				tmp.close();
			}
		}
		long heap0 = heapAfterGC(), rss0 = rssKB();
		int calls = 200, errors = 0;
		t0 = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			byte[] m = loop.segment(small, lw, lh);
			if (!Arrays.equals(m, smallMask)) {
				check(false, "call " + i + " gave a different mask");
				break;
			}
			Mobile.compositeColor(small, m, lw, lh, 0xFF000000L);
			try {
				loop.segment(small, lw + 1, lh); // an error (a Go error object) per call
			} catch (Exception e) {
				errors++;
			}
			if (i % 20 == 19) { // a Segmenter created and dropped now and then
				Segmenter tmp = Mobile.newSegmenterFromModel(model);
				tmp.segment(small, lw, lh);
				tmp.close();
			}
		}
		long loopNanos = System.nanoTime() - t0;
		long heap1 = heapAfterGC(), rss1 = rssKB();
		check(errors == calls, "errors " + errors + " of " + calls);
		System.out.println("loop.calls=" + calls);
		System.out.println("loop.ms_per_call=" + loopNanos / calls / 1000000.0);
		System.out.println("loop.heap_before_kb=" + heap0 / 1024);
		System.out.println("loop.heap_after_kb=" + heap1 / 1024);
		System.out.println("loop.rss_before_kb=" + rss0);
		System.out.println("loop.rss_after_kb=" + rss1);
		System.out.println("loop.bytes_in_out_per_call=" + (small.length * 3 + smallMask.length * 2));

		if (!failures.isEmpty()) {
			System.out.println("FAILED " + failures.size() + " checks");
			System.exit(1);
		}
		System.out.println("OK");
		// Exit explicitly: threads the Go runtime attached to the JVM must
		// not keep it alive.
		System.exit(0);
	}
}
