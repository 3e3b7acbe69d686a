// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpReply.h"

/// A request in flight whose answer is a T (a UserPage, a job status…): what a client method
/// returns, so that its caller reads value() typed instead of unpacking the result's variant. It is
/// the HttpReply* it wraps for everything else (connect to finished(), cancel(), result()).
template <class T> class Reply
{
public:
    Reply(HttpReply* reply = nullptr) // NOLINT(google-explicit-constructor): a producer returns the reply
        : m_reply(reply)
    {}
    operator HttpReply*() const { return m_reply; } // NOLINT(google-explicit-constructor)
    HttpReply* operator->() const { return m_reply; }
    HttpReply* http() const { return m_reply; }

    /// The answer of a successful request (a default T before it finishes or on an error).
    T value() const { return m_reply ? valueOf(m_reply->result()) : T(); }
    /// The answer a finished request's result holds: the one place its variant is unpacked.
    static T valueOf(const HttpResult& result) { return result.value.template value<T>(); }

private:
    HttpReply* m_reply;
};
