// SPDX-License-Identifier: MIT
// The query engine: turns a prompt and its routed matches into the reference's turn output,
// counts tokens, enforces the turn and budget limits, compacts, streams events and persists the
// session through any `session_store`.
#pragma once

#include <claw/config.hpp>

#include <claw/error.hpp>
#include <claw/permissions/policy.hpp>
#include <claw/engine/transcript.hpp>
#include <claw/session/capabilities.hpp>
#include <claw/session/id.hpp>
#include <claw/session/memory_store.hpp>
#include <claw/session/stored_session.hpp>
#include <claw/text/json_string.hpp>
#include <claw/text/split.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

CLAW_BEGIN_NAMESPACE

namespace detail {
// Adds two token counts, stopping at the largest int64 instead of overflowing. Counts come from
// session files, which are untrusted input: a file may hold any value up to 2^63 - 1.
constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) noexcept {
    constexpr std::int64_t top = std::numeric_limits<std::int64_t>::max();
    if (b > 0 && a > top - b) return top;
    if (b < 0 && a < std::numeric_limits<std::int64_t>::min() - b) return std::numeric_limits<std::int64_t>::min();
    return a + b;
}
}  // namespace detail

/**
 * Token counters: Python whitespace tokens of prompts (input) and outputs (output).
 *
 * The counters saturate at 2^63 - 1 instead of overflowing: a loaded session may hold any count a
 * session file can (up to 2^63 - 1), and the next turns keep it there. The reference's Python
 * integers never overflow; no real session comes near either limit.
 */
struct usage_summary {
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;

    /** The counters after one more turn (saturating). Complexity: O(size of `prompt` + `output`). */
    [[nodiscard]] usage_summary add_turn(std::string_view prompt, std::string_view output) const noexcept {
        return {detail::saturating_add(input_tokens, static_cast<std::int64_t>(text::token_count(prompt))),
                detail::saturating_add(output_tokens, static_cast<std::int64_t>(text::token_count(output)))};
    }
    /** input + output tokens, saturating. */
    [[nodiscard]] constexpr std::int64_t total() const noexcept { return detail::saturating_add(input_tokens, output_tokens); }
    friend bool operator==(const usage_summary&, const usage_summary&) = default;
};

/** Engine limits; the defaults are the reference's. */
struct query_engine_config {
    long long max_turns = 8;             ///< stored messages at which prompts are refused
    long long max_budget_tokens = 2000;  ///< input + output tokens above which a turn stops the loop
    long long compact_after_turns = 12;  ///< messages kept after compaction
    bool structured_output = false;      ///< render the output as JSON
    long long structured_retry_limit = 2;
};

/** Why a submission stopped. Rendered by `to_string` as the reference spells it. */
enum class stop_reason : unsigned char {
    completed,           ///< the prompt was processed within the budget
    max_turns_reached,   ///< the prompt was refused: `max_turns` messages are stored
    max_budget_reached,  ///< the prompt was processed, and the tokens now exceed the budget
};

/** `completed`, `max_turns_reached` or `max_budget_reached`. */
constexpr std::string_view to_string(stop_reason r) noexcept {
    switch (r) {
        case stop_reason::completed: return "completed";
        case stop_reason::max_turns_reached: return "max_turns_reached";
        case stop_reason::max_budget_reached: return "max_budget_reached";
    }
    return "completed";
}

/** The outcome of one submission. */
struct turn_result {
    std::string prompt;
    std::string output;
    std::vector<std::string> matched_commands;
    std::vector<std::string> matched_tools;
    std::vector<permission_denial> permission_denials;
    usage_summary usage;
    claw::stop_reason stop_reason = claw::stop_reason::completed;
    friend bool operator==(const turn_result&, const turn_result&) = default;
};

/**
 * One event of a streamed submission. Only the members of its type are meaningful:
 * `message_start {session_id, prompt}`, `command_match {names}`, `tool_match {names}`,
 * `permission_denial {names}` (denied tool names), `message_delta {text}`,
 * `message_stop {usage, stop_reason, transcript_size}`.
 */
struct stream_event {
    enum class kind : unsigned char { message_start, command_match, tool_match, permission_denial, message_delta, message_stop };

    kind type = kind::message_start;
    std::string session_id;
    std::string prompt;
    std::vector<std::string> names;
    std::string text;
    usage_summary usage;
    claw::stop_reason stop_reason = claw::stop_reason::completed;
    std::size_t transcript_size = 0;

    /** The event's type as the reference names it, e.g. `message_start`. */
    std::string_view type_name() const noexcept {
        switch (type) {
            case kind::message_start: return "message_start";
            case kind::command_match: return "command_match";
            case kind::tool_match: return "tool_match";
            case kind::permission_denial: return "permission_denial";
            case kind::message_delta: return "message_delta";
            case kind::message_stop: return "message_stop";
        }
        return "unknown";
    }

    /**
     * The event as a JSON object, written like Python's `json.dumps` (`", "` and `": "`, ASCII
     * escapes). Complexity: O(size of its text and names). Never throws but allocation (invalid
     * UTF-8 is escaped, not refused).
     */
    std::string to_json() const {
        std::string out = "{\"type\": \"";
        out += type_name();
        out += '"';
        const auto list = [&](const char* key) {
            out += ", \"";
            out += key;
            out += "\": [";
            for (std::size_t i = 0; i < names.size(); ++i) {
                if (i) out += ", ";
                text::append_json_string(out, names[i]);
            }
            out += ']';
        };
        switch (type) {
            case kind::message_start:
                out += ", \"session_id\": ";
                text::append_json_string(out, session_id);
                out += ", \"prompt\": ";
                text::append_json_string(out, prompt);
                break;
            case kind::command_match: list("commands"); break;
            case kind::tool_match: list("tools"); break;
            case kind::permission_denial: list("denials"); break;
            case kind::message_delta:
                out += ", \"text\": ";
                text::append_json_string(out, text);
                break;
            case kind::message_stop:
                out += ", \"usage\": {\"input_tokens\": " + std::to_string(usage.input_tokens) +
                       ", \"output_tokens\": " + std::to_string(usage.output_tokens) + "}, \"stop_reason\": ";
                text::append_json_string(out, to_string(stop_reason));
                out += ", \"transcript_size\": " + std::to_string(transcript_size);
                break;
        }
        out += '}';
        return out;
    }
};

/**
 * The reference's `QueryEnginePort`, over a storage policy `S` (a `session_store`, or a reference
 * to one so that several engines share a store).
 *
 * @code
 * claw::basic_query_engine<claw::memory_store> engine;
 * auto r = engine.submit_message("review MCP tool", std::vector<std::string>{"review"});
 * engine.persist_session();
 * @endcode
 *
 * With a store that has compare-and-set (`versioned_session_store`: `memory_store`,
 * `sqlite_store`, `postgres_store`), the engine remembers the revision it loaded (0 for a new
 * session) and `persist_session` writes only if nobody else saved the session in between; other
 * stores keep `save`, where the last writer wins.
 *
 * One engine is used from one thread at a time.
 */
template <session_store S>
class basic_query_engine {
    using store_value = std::remove_reference_t<S>;
    static constexpr bool versioned = versioned_session_store<store_value>;

public:
    /**
     * A new session with a fresh random id, on `store` (a store, or a reference to one so that
     * several engines share it) and with `config`. Complexity: constant (one `getrandom`).
     * @throws claw::session_error when the system's random source fails; what moving `store` throws
     */
    explicit basic_query_engine(S store = S{}, query_engine_config config = {})
        : config_(config), store_(std::forward<S>(store)), session_id_(new_session_id()) {}

    /**
     * Restores the session stored under `id`: messages, usage, and a transcript marked flushed.
     * Its id is `id`, whatever the stored data says, so that saving it again never writes under
     * another name (a session copied to a new id stays a copy). With a versioned store it is
     * read with `load_versioned`, and the revision is kept for `persist_session`.
     * Complexity: one `load` (or `load_versioned`) of the store, then O(number of messages) to
     * copy them into the transcript; one `getrandom` for the id it replaces.
     * @throws claw::session_error from the store (`errc::not_found`, `errc::invalid_session_id`,
     *         ...) or from the random source.
     */
    [[nodiscard]] static basic_query_engine from_saved_session(std::string_view id, S store = S{},
                                                               query_engine_config config = {}) {
        stored_session saved;
        std::uint64_t revision = 0;
        if constexpr (versioned) {
            versioned_session v = store.load_versioned(id);
            saved = std::move(v.session);
            revision = v.revision;
        } else {
            saved = store.load(id);
        }
        basic_query_engine engine(std::forward<S>(store), config);
        engine.session_id_ = std::string(id);
        engine.revision_ = revision;
        engine.total_usage_ = {saved.input_tokens, saved.output_tokens};
        engine.transcript_ = transcript_store(saved.messages, true);
        engine.messages_ = std::move(saved.messages);
        return engine;
    }

    /**
     * Submits one prompt with its routed command and tool names and the permission denials.
     * Refuses the prompt (stop reason `max_turns_reached`, nothing stored) once `max_turns`
     * messages are stored; otherwise stores it, adds its tokens and reports `max_budget_reached`
     * when input + output tokens exceed the budget.
     * Complexity: O(size of the prompt, the names and the denials) to render and count; when the
     * stored messages exceed `compact_after_turns`, O(number of messages) to compact them.
     * @throws claw::error (`errc::invalid_argument`) only with structured output and a retry limit
     *         below 1, as the reference; nothing is stored then.
     */
    turn_result submit_message(std::string_view prompt, std::span<const std::string> matched_commands = {},
                               std::span<const std::string> matched_tools = {},
                               std::span<const permission_denial> denials = {}) {
        turn_result r;
        r.prompt = prompt;
        r.matched_commands.assign(matched_commands.begin(), matched_commands.end());
        r.matched_tools.assign(matched_tools.begin(), matched_tools.end());
        r.permission_denials.assign(denials.begin(), denials.end());
        if (static_cast<long long>(messages_.size()) >= config_.max_turns) {
            r.output = "Max turns reached before processing prompt: ";
            r.output += prompt;
            r.usage = total_usage_;
            r.stop_reason = stop_reason::max_turns_reached;
            return r;
        }
        r.output = render_output(prompt, matched_commands, matched_tools, denials.size());
        const usage_summary projected = total_usage_.add_turn(prompt, r.output);
        r.stop_reason = projected.total() > config_.max_budget_tokens
                            ? stop_reason::max_budget_reached
                            : stop_reason::completed;
        messages_.emplace_back(prompt);
        transcript_.append(prompt);
        permission_denials_.insert(permission_denials_.end(), denials.begin(), denials.end());
        total_usage_ = projected;
        compact_messages_if_needed();
        r.usage = total_usage_;
        return r;
    }

    /**
     * The streaming form: hands each event of ONE submission to `on_event(const stream_event&)`
     * and returns the same result as `submit_message`. Complexity: as `submit_message`, plus at
     * most six calls of `on_event`.
     * @throws what `submit_message` and `on_event` throw. When `on_event` throws for an event
     *         before `message_delta`, the prompt was not submitted; from `message_delta` on, it was.
     */
    template <class F>
    turn_result stream_submit_message(std::string_view prompt, std::span<const std::string> matched_commands,
                                      std::span<const std::string> matched_tools,
                                      std::span<const permission_denial> denials, F&& on_event) {
        stream_event e;
        e.type = stream_event::kind::message_start;
        e.session_id = session_id_;
        e.prompt = prompt;
        on_event(std::as_const(e));
        const auto names_event = [&](stream_event::kind k, auto&& names) {
            stream_event n;
            n.type = k;
            for (const auto& x : names) n.names.push_back(x);
            on_event(std::as_const(n));
        };
        if (!matched_commands.empty()) names_event(stream_event::kind::command_match, matched_commands);
        if (!matched_tools.empty()) names_event(stream_event::kind::tool_match, matched_tools);
        if (!denials.empty()) {
            std::vector<std::string> denied;
            for (const auto& x : denials) denied.push_back(x.tool_name);
            names_event(stream_event::kind::permission_denial, denied);
        }
        turn_result r = submit_message(prompt, matched_commands, matched_tools, denials);
        stream_event delta;
        delta.type = stream_event::kind::message_delta;
        delta.text = r.output;
        on_event(std::as_const(delta));
        stream_event stop;
        stop.type = stream_event::kind::message_stop;
        stop.usage = r.usage;
        stop.stop_reason = r.stop_reason;
        stop.transcript_size = transcript_.entries().size();
        on_event(std::as_const(stop));
        return r;
    }

    /**
     * Keeps the last `compact_after_turns` messages (and transcript entries) when there are more,
     * with Python's slicing rules for zero and negative values. Complexity: O(number of messages).
     * Never throws.
     */
    void compact_messages_if_needed() {
        if (static_cast<long long>(messages_.size()) > config_.compact_after_turns)
            detail::keep_python_tail(messages_, config_.compact_after_turns);
        transcript_.compact(config_.compact_after_turns);
    }

    /** Marks the transcript flushed. */
    void flush_transcript() noexcept { transcript_.flush(); }

    /**
     * Flushes the transcript and saves the session; returns the store's locator.
     *
     * With a versioned store this is a compare-and-set (`save_if`) against the revision the engine
     * loaded (0 for a new session: only if no session with this id exists yet), and the new
     * revision is kept, so one engine may persist again and again. The locator returned then is
     * the store's `locator(id)` (what `save` would return) where it has one, else the session id.
     * Complexity: O(total size of the messages) to copy them, plus one `save` (or `save_if`) of
     * the store (for `json_file_store` one atomic file write, for the databases one statement).
     * @throws claw::session_error from the store; with `errc::conflict` (versioned stores) when
     *         someone else saved the session since this engine loaded or last saved it, or (for a
     *         new session) a session with this id exists already. Nothing was written then: load
     *         the session again, apply the change, and retry.
     */
    std::string persist_session() {
        flush_transcript();
        const stored_session s{session_id_, messages_, total_usage_.input_tokens, total_usage_.output_tokens};
        if constexpr (versioned) {
            const std::optional<std::uint64_t> next = store_.save_if(s, revision_);
            if (!next) {
                throw session_error(
                    errc::conflict, detail::shown(session_id_),
                    revision_ == 0
                        ? std::string("a session with this id was saved by someone else already (this engine "
                                      "started it as a new session); nothing was written: load it and retry")
                        : "someone else saved this session first (it is no longer at revision " +
                              std::to_string(revision_) +
                              ", which this engine loaded or last saved); nothing was written: reload it and retry");
            }
            revision_ = *next;
            if constexpr (requires(const store_value& st, std::string_view id) {
                              { st.locator(id) } -> std::convertible_to<std::string>;
                          })
                return std::string(std::as_const(store_).locator(s.session_id));
            else
                return s.session_id;
        } else {
            return std::string(store_.save(s));
        }
    }

    /**
     * The store's revision of this session as this engine last loaded or saved it; 0 for a new
     * session, and always 0 with a store that keeps no revisions.
     */
    std::uint64_t revision() const noexcept { return revision_; }

    /** The submitted prompts, for replay (a copy). Complexity: O(size of the transcript). */
    std::vector<std::string> replay_user_messages() const { return transcript_.replay(); }

    const std::string& session_id() const noexcept { return session_id_; }
    /**
     * Replaces the session id (for deterministic ids, e.g. in tests). The session is then a new
     * one for the store: the remembered revision goes back to 0. The id is not checked here: the
     * store refuses an invalid one when the session is persisted. Constant; never throws.
     */
    void set_session_id(std::string id) {
        session_id_ = std::move(id);
        revision_ = 0;
    }
    const std::vector<std::string>& messages() const noexcept { return messages_; }
    const std::vector<permission_denial>& permission_denials() const noexcept { return permission_denials_; }
    const usage_summary& total_usage() const noexcept { return total_usage_; }
    const transcript_store& transcript() const noexcept { return transcript_; }
    const query_engine_config& config() const noexcept { return config_; }
    void set_config(const query_engine_config& c) noexcept { config_ = c; }
    std::remove_reference_t<S>& store() noexcept { return store_; }

private:
    std::string render_output(std::string_view prompt, std::span<const std::string> commands,
                              std::span<const std::string> tools, std::size_t denial_count) const {
        const auto joined_size = [](std::span<const std::string> names) {
            if (names.empty()) return std::size_t{4};
            std::size_t n = 2 * (names.size() - 1);
            for (const auto& x : names) n += x.size();
            return n;
        };
        const auto append_joined = [](std::string& out, std::span<const std::string> names) {
            if (names.empty()) {
                out += "none";
                return;
            }
            out += names[0];
            for (std::size_t i = 1; i < names.size(); ++i) {
                out += ", ";
                out += names[i];
            }
        };
        const std::string count = std::to_string(denial_count);
        if (!config_.structured_output) {
            std::string out;
            out.reserve(8 + prompt.size() + 19 + joined_size(commands) + 16 + joined_size(tools) + 21 + count.size());
            out += "Prompt: ";
            out += prompt;
            out += "\nMatched commands: ";
            append_joined(out, commands);
            out += "\nMatched tools: ";
            append_joined(out, tools);
            out += "\nPermission denials: ";
            out += count;
            return out;
        }
        // json.dumps({"summary": lines, "session_id": id}, indent=2), attempted retry_limit times.
        if (config_.structured_retry_limit < 1)
            throw error(errc::invalid_argument, "structured output rendering failed: structured_retry_limit is below 1");
        std::string line;
        std::string out = "{\n  \"summary\": [\n    ";
        line = "Prompt: ";
        line += prompt;
        text::append_json_string(out, line);
        line = "Matched commands: ";
        append_joined(line, commands);
        out += ",\n    ";
        text::append_json_string(out, line);
        line = "Matched tools: ";
        append_joined(line, tools);
        out += ",\n    ";
        text::append_json_string(out, line);
        out += ",\n    ";
        text::append_json_string(out, "Permission denials: " + count);
        out += "\n  ],\n  \"session_id\": ";
        text::append_json_string(out, session_id_);
        out += "\n}";
        return out;
    }

    query_engine_config config_;
    S store_;
    std::string session_id_;
    std::uint64_t revision_ = 0;
    std::vector<std::string> messages_;
    std::vector<permission_denial> permission_denials_;
    usage_summary total_usage_;
    transcript_store transcript_;
};

CLAW_END_NAMESPACE
