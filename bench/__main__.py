from bench.lookup import main

raise SystemExit(main())
