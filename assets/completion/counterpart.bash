# bash completion for counterpart: commands, each command's options, scenario ids (from `counterpart list
# --ids`, so the user's and added folders count too), and files where a command takes them.
# Installed to share/bash-completion/completions/counterpart.

_counterpart() {
    local cur prev words cword
    _init_completion || return

    local commands="play lint analyze replay verify sign report portfolio list coverage rules graph import-twine edit xapi outbox help"
    if [[ $cword -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version --script --screenshot-dir --bench-report --idle-seconds --seed --scenarios --size" -- "$cur"))
        return
    fi

    local command=${words[1]}
    case $prev in
        --mode)
            COMPREPLY=($(compgen -W "practice assessment" -- "$cur"))
            return ;;
        --format)
            COMPREPLY=($(compgen -W "dot svg" -- "$cur"))
            return ;;
        --policies|--screenshot-dir|--scenarios|--outbox)
            _filedir -d
            return ;;
        --decision)
            COMPREPLY=($(compgen -W "competent not-yet-competent referred" -- "$cur"))
            return ;;
        -o|--output)
            if [[ $command == xapi ]]; then _filedir; else _filedir -d; fi  # xapi writes one file
            return ;;
        --record|--resume|--scenario|--script|--bench-report|--key|--trusted-keys)
            _filedir
            return ;;
        --home-page)
            return ;;
        --learner|--seed|--customer|--width|--state-limit|--random|--max-steps|--idle-seconds|--size|--assessor|--comment|--comment-step|--point|--lrs|--user|--password)
            return ;;
    esac

    local options
    case $command in
        play) options="--mode --learner --record --no-record --resume --seed --customer --policies --width" ;;
        lint) options="--policies" ;;
        analyze) options="--json --state-limit --policies --random --seed --max-steps" ;;
        replay) options="--scenario --policies --width --rescore" ;;
        verify) options="--trusted-keys --lrs --user --password" ;;
        outbox) options="--send --lrs --user --password --outbox" ;;
        sign) options="--assessor --decision --comment --comment-step --point --moderate --key" ;;
        report) options="-o" ;;
        portfolio) options="--width" ;;
        xapi) options="-o --home-page" ;;
        list) options="--ids" ;;
        graph) options="--format -o --policies" ;;
        import-twine) options="-o --force" ;;
        help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options --help" -- "$cur"))
        return
    fi
    case $command in
        play|analyze|graph|edit)
            local ids
            ids=$("${words[0]}" list --ids 2>/dev/null)
            COMPREPLY=($(compgen -W "$ids" -- "$cur"))
            _filedir json
            ;;
        lint) _filedir ;;
        import-twine) _filedir '@(twee|tw)' ;;
        replay|sign|verify|report|portfolio|xapi) _filedir jsonl ;;  # folders are offered too
        list|coverage) _filedir -d ;;
    esac
} &&
    complete -F _counterpart counterpart
