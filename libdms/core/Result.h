// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"

#include <type_traits>
#include <utility>
#include <variant>

namespace dms {

/** A value or an Error; the libraries' way to report failure (no exceptions cross
 *  a library boundary). Result<bool> is refused: it reads too easily as a success flag. */
template<class T>
class [[nodiscard]] Result
{
    static_assert(!std::is_same_v<T, bool>, "Result<bool> is ambiguous; return an enum or Result<void>");
    static_assert(!std::is_same_v<T, Error>, "Result<Error> makes no sense");

public:
    Result(const T &value)
        : m_data(std::in_place_index<0>, value)
    { }
    Result(T &&value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    Result(const Error &error)
        : m_data(std::in_place_index<1>, error)
    { }
    Result(Error &&error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    /** The value; only when ok(). */
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    /** The error; an empty Error when ok(), so that messages may be built eagerly. */
    const Error &error() const
    {
        static const Error none {ErrorCode::Internal, {}, {}};
        return ok() ? none : std::get<1>(m_data);
    }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(const Error &error)
        : m_error(error)
        , m_ok(false)
    { }
    Result(Error &&error)
        : m_error(std::move(error))
        , m_ok(false)
    { }

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

/** Shorthand for building an Error where a Result is returned. */
inline Error makeError(ErrorCode code, const QString &message, const QString &detail = {})
{
    return Error {code, message, detail};
}

} // namespace dms

/** Return early with the error of an expression yielding a Result. */
#define DMS_TRY(expr)                                                                                        \
    do {                                                                                                     \
        auto dmsTryResult_ = (expr);                                                                         \
        if (!dmsTryResult_.ok())                                                                             \
            return dmsTryResult_.error();                                                                    \
    } while (false)
