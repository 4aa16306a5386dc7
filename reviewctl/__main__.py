from reviewctl.cli import main

main()
