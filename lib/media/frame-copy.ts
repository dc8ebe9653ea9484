/**
 * A captured tab-video frame kept for a possible screenshot. Every frame of the stream is kept for a few
 * seconds (lib/screenshot/frame-pick.ts), but only the few a step picks are ever drawn. Converting each to an
 * ImageBitmap as it arrives measured 26 ms median per frame here (software rendering, 1280×800: YUV→RGBA for
 * every frame), so the frame's planes are copied as they are (`VideoFrame.copyTo`: a memory copy, 1.5 bytes
 * per pixel for I420/NV12 instead of 4) and converted only when a step keeps it. The VideoFrame itself is
 * released at once, so the capturer's small pool of buffers never runs dry.
 */
export interface CopiedFrame {
  /** Size as drawn (the frame's display size). */
  readonly width: number;
  readonly height: number;
  /** Bytes held. */
  readonly bytes: number;
  /** Runs `use` on the frame as a bitmap, valid only during the call. */
  withBitmap<T>(use: (bitmap: ImageBitmap) => Promise<T>): Promise<T>;
  close(): void;
}

export async function copyFrame(frame: VideoFrame): Promise<CopiedFrame> {
  const format = frame.format;
  const rect = frame.visibleRect;
  if (format && rect) {
    const data = new Uint8Array(frame.allocationSize());
    const layout = await frame.copyTo(data);
    const init: VideoFrameBufferInit = {
      format,
      codedWidth: rect.width,
      codedHeight: rect.height,
      displayWidth: frame.displayWidth,
      displayHeight: frame.displayHeight,
      timestamp: frame.timestamp,
      layout,
      colorSpace: frame.colorSpace.toJSON(),
    };
    return {
      width: frame.displayWidth,
      height: frame.displayHeight,
      bytes: data.byteLength,
      async withBitmap(use) {
        const restored = new VideoFrame(data, init);
        let bitmap: ImageBitmap | undefined;
        try {
          bitmap = await createImageBitmap(restored);
          return await use(bitmap);
        } finally {
          restored.close();
          bitmap?.close();
        }
      },
      close() {},
    };
  }
  // A frame whose pixels cannot be read as planes (a GPU-only texture): a bitmap it is.
  const bitmap = await createImageBitmap(frame);
  return {
    width: bitmap.width,
    height: bitmap.height,
    bytes: bitmap.width * bitmap.height * 4,
    withBitmap: (use) => use(bitmap),
    close: () => bitmap.close(),
  };
}
