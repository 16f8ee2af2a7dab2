// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Tr.h"
#include "signing/PinProvider.h"

#include <QList>
#include <QMutex>
#include <QMutexLocker>

#include <optional>
#include <utility>

namespace dms {

/** Answers every PIN request with the configured PIN (or cancels), after the scripted
 *  answers if any, and records the requests. */
class ScriptedPinProvider final : public PinProvider
{
public:
    explicit ScriptedPinProvider(QByteArray pin)
        : m_pin(std::move(pin))
    { }

    Result<QByteArray> pin(const PinRequest &request) override
    {
        QMutexLocker lock(&m_mutex);
        m_requests.append(request);
        if (!m_script.isEmpty()) {
            const std::optional<QByteArray> answer = m_script.takeFirst();
            if (!answer)
                return makeError(ErrorCode::Cancelled, Tr::tr("Cancelled."));
            return *answer;
        }
        if (m_cancel)
            return makeError(ErrorCode::Cancelled, Tr::tr("Cancelled."));
        return m_pin;
    }

    void pinPadEntry(const PinRequest &request, bool active) override
    {
        QMutexLocker lock(&m_mutex);
        m_pinPadEntries.append({request.kind, active});
    }

    void setPin(const QByteArray &pin)
    {
        QMutexLocker lock(&m_mutex);
        m_pin = pin;
        m_cancel = false;
        m_script.clear();
    }
    /** The answers to the next requests, in order (std::nullopt cancels), before the configured PIN. */
    void setScript(const QList<std::optional<QByteArray>> &answers)
    {
        QMutexLocker lock(&m_mutex);
        m_script = answers;
    }
    void setCancel()
    {
        QMutexLocker lock(&m_mutex);
        m_cancel = true;
    }
    QList<PinRequest> requests() const
    {
        QMutexLocker lock(&m_mutex);
        return m_requests;
    }
    int count(PinRequest::Kind kind) const
    {
        QMutexLocker lock(&m_mutex);
        int n = 0;
        for (const PinRequest &request : m_requests)
            n += request.kind == kind ? 1 : 0;
        return n;
    }
    /** The PIN pad notifications, in order. */
    QList<std::pair<PinRequest::Kind, bool>> pinPadEntries() const
    {
        QMutexLocker lock(&m_mutex);
        return m_pinPadEntries;
    }
    void clear()
    {
        QMutexLocker lock(&m_mutex);
        m_requests.clear();
        m_pinPadEntries.clear();
    }

private:
    mutable QMutex m_mutex;
    QByteArray m_pin;
    bool m_cancel = false;
    QList<std::optional<QByteArray>> m_script;
    QList<PinRequest> m_requests;
    QList<std::pair<PinRequest::Kind, bool>> m_pinPadEntries;
};

} // namespace dms
