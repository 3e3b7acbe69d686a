// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpWait.h"

/// Told about every interactive request of the process that keeps someone waiting: no answer after a
/// couple of seconds, a rate limit, a retry. The CLI installs one (its stderr line), so that every
/// command's waits are explained without each command wiring every reply; the GUI installs none (its
/// views show their own). Installed like Qt's message handler: one per process, owned by the caller,
/// used from the thread that runs the HttpClients.
class HttpWaitObserver
{
public:
    virtual ~HttpWaitObserver();
    virtual void waiting(const HttpWait& wait) = 0;

    /// Installs `observer` (nullptr: none); returns the previous one.
    static HttpWaitObserver* install(HttpWaitObserver* observer);
    static HttpWaitObserver* installed();
};
