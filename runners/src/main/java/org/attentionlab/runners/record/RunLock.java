package org.attentionlab.runners.record;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.attentionlab.core.error.UserFacingException;

/**
 * The exclusive lock a run or a resume holds on its run folder for its whole life: an OS file lock
 * ({@link FileChannel#tryLock}) on {@code run.lock}, which also names the holder (pid, host, since when) for
 * the message a second process gets. The OS releases the lock when the process dies, however it dies, so a
 * killed run never leaves a folder locked. The file itself stays: deleting it would let a waiting process
 * lock a file nobody else can see.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = "run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} or refuses with one line naming the holder.
     *
     * @throws UserFacingException when another run or resume holds the folder
     */
    public static RunLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserFacingException("cannot lock run folder " + dir + ": " + RunFolder.reason(e));
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UserFacingException("cannot lock run folder " + dir + ": " + RunFolder.reason(e));
        }
        if (lock == null) {
            String holder = holder(channel);
            closeQuietly(channel);
            throw new UserFacingException("run folder " + dir + " is in use by " + (holder.isEmpty() ? "another process" : holder)
                    + "; wait for it to finish or stop it");
        }
        try {
            byte[] me = (describeThisProcess() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
            channel.force(true);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UserFacingException("cannot lock run folder " + dir + ": " + RunFolder.reason(e));
        }
        return new RunLock(channel, lock);
    }

    /** "pid 1234 on host h since 2026-12-02T05:00:00Z". */
    static String describeThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on host " + host + " since " + Instant.now();
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer, 0);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close releases it too
        }
        closeQuietly(channel);
    }
}
