/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_VERSION_H
#define _KHSM_VERSION_H

#define KHSM_MODULE_VERSION "0.1.0"

#endif /* _KHSM_VERSION_H */
