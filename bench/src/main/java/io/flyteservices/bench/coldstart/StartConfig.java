package io.flyteservices.bench.coldstart;

import java.util.ArrayList;
import java.util.List;

/**
 * One way of starting {@code functions}: JVM options, the start-up cache a training run makes for it (none, an
 * AppCDS archive or a JDK AOT cache) and the class path it runs on; or its container image as built ({@code image}
 * not null: the image's own entrypoint, options and cache).
 */
public record StartConfig(String name, Cache cache, List<String> jvmOptions, boolean smallClassPath, ImageRun image) {

    /** A configuration of the JVM on this machine's build (no image). */
    StartConfig(String name, Cache cache, List<String> jvmOptions, boolean smallClassPath) {
        this(name, cache, jvmOptions, smallClassPath, null);
    }

    /** What a training run records before the measured starts. */
    public enum Cache {
        /** Only the JDK's own default CDS archive. */
        NONE,
        /** A dynamic AppCDS archive: {@code -XX:ArchiveClassesAtExit=} then {@code -XX:SharedArchiveFile=}. */
        APPCDS,
        /** A JDK 25 AOT cache (loaded and linked classes, profiles): {@code -XX:AOTCacheOutput=} then {@code -XX:AOTCache=}. */
        AOT_CACHE
    }

    static final List<String> QUICK = List.of("-XX:TieredStopAtLevel=1");
    static final List<String> SERIAL = List.of("-XX:+UseSerialGC");

    /** Every configuration the benchmark knows, plain first (the baseline of the ratios). */
    public static List<StartConfig> all() {
        return List.of(
                new StartConfig("plain", Cache.NONE, List.of(), false),
                new StartConfig("c1+serial", Cache.NONE, join(QUICK, SERIAL), false),
                new StartConfig("appcds", Cache.APPCDS, List.of(), false),
                new StartConfig("appcds+c1+serial", Cache.APPCDS, join(QUICK, SERIAL), false),
                new StartConfig("aotcache", Cache.AOT_CACHE, List.of(), false),
                new StartConfig("aotcache+c1", Cache.AOT_CACHE, QUICK, false),
                new StartConfig("aotcache+serial", Cache.AOT_CACHE, SERIAL, false),
                new StartConfig("aotcache+c1+serial", Cache.AOT_CACHE, join(QUICK, SERIAL), false),
                new StartConfig("aotcache+c1+serial+smallcp", Cache.AOT_CACHE, join(QUICK, SERIAL), true),
                new StartConfig("image", Cache.NONE, List.of(), false, new ImageRun(true)),
                new StartConfig("image-without-cache", Cache.NONE, List.of(), false, new ImageRun(false)));
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return List.copyOf(all);
    }
}
