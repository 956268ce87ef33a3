package dev.nubo.core.source;

/** Recognised by content (magic bytes), not by name. */
public enum ArchiveFormat {
    ZIP, TAR_GZ, PLAIN_FILE;

    public static ArchiveFormat detect(byte[] content) {
        if (content.length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4) {
            return ZIP;
        }
        if (content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b) {
            return TAR_GZ;
        }
        return PLAIN_FILE;
    }
}
