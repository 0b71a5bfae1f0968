/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The ioctl interface of the edu example driver (/dev/edu), shared by the
 * driver and user space (examples/edu/edu-ctl.c).
 */
#ifndef EDU_IOCTL_H
#define EDU_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * The bytes of the device's DMA buffer a transfer may use. The buffer is
 * 4 KiB, but QEMU 7.2's edu refuses (and aborts on) a transfer that reaches
 * its last byte, an off-by-one in its range check fixed in later versions.
 */
#define EDU_DMA_SIZE	4095

/* EDU_IOC_FACT: result = n!, n in 0..12 (ERANGE otherwise). */
struct edu_fact {
	__u32 n;
	__u32 result;
};

/*
 * EDU_IOC_DMA: len bytes at data go to the device buffer at offset by DMA
 * and come back into data by a second transfer. offset + len must not
 * exceed EDU_DMA_SIZE (EINVAL).
 */
struct edu_dma {
	__u64 data;
	__u32 offset;
	__u32 len;
};

/* EDU_IOC_STATS: counters since the device was probed. */
struct edu_stats {
	__u32 irqs;
	__u32 facts;
	__u32 dmas;
	__u32 heartbeats;
	__u32 missed_heartbeats;
};

#define EDU_IOC_FACT	_IOWR('E', 1, struct edu_fact)
#define EDU_IOC_DMA	_IOW('E', 2, struct edu_dma)
#define EDU_IOC_STATS	_IOR('E', 3, struct edu_stats)

#endif /* EDU_IOCTL_H */
